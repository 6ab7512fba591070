import { invalidConfig } from '../errors/invalid-config.js'
import { CHANNELS } from './channels.js'
import type { AttemptOutcome, RequestMessage } from './messages.js'
import { subscribe } from './subscribe.js'

/** The version of {@link AuditRecord}: bumped only when a field changes meaning or goes away. */
export const AUDIT_SCHEMA_VERSION = 1

/**
 * One credential use, as the audit trail writes it (one JSON object per line). Version 1;
 * fields are only ever added within a version.
 */
export interface AuditRecord {
  /** The schema version, {@link AUDIT_SCHEMA_VERSION}. */
  readonly v: 1
  /** ISO 8601, UTC, when the answer came. */
  readonly time: string
  /** The strategy's `name`. */
  readonly strategy: string
  /** Fingerprint of the credential presented; null on a stripped hop (nothing presented). */
  readonly credential: string | null
  /** The origin the credential went to. */
  readonly origin: string
  /** The request method. */
  readonly method: string
  /** Path and query, secret query values `[REDACTED]`. */
  readonly path: string
  /** How the attempt ended. */
  readonly outcome: AttemptOutcome
  /** The response status; null when none came. */
  readonly status: number | null
  /** The logical request within this process, its hop and attempt (see `latchkey:request`). */
  readonly request: number
  /** See {@link RequestMessage.hop}. */
  readonly hop: number
  /** See {@link RequestMessage.attempt}. */
  readonly attempt: number
  /** Credentials were withheld: a redirect left the origin. */
  readonly stripped: boolean
  /** Milliseconds from handing the attempt to the client to its answer (to the microsecond). */
  readonly durationMs: number
}

/** Options of {@link auditTrail}. */
export interface AuditTrailOptions {
  /** Receives each record as one line of JSON, newline included: `(line) => stream.write(line)`. */
  readonly write: (line: string) => void
  /** Also receives the record itself, e.g. to hand to a structured logger. */
  readonly onRecord?: (record: AuditRecord) => void
}

/**
 * An audit trail of every credential use by every Latchkey client in this process: which
 * strategy presented which credential (by fingerprint) to which origin, for which method
 * and path, with what result; and every hop whose credentials were stripped. Returns the
 * function that stops it. A `write` that throws never breaks a request (see `subscribe`).
 *
 * @example
 * ```ts
 * const stop = auditTrail({ write: (line) => auditLog.write(line) })
 * ```
 */
export function auditTrail(options: AuditTrailOptions): () => void {
  if (typeof options?.write !== 'function')
    throw invalidConfig('auditTrail', 'write must be a function')
  const { write, onRecord } = options
  if (onRecord !== undefined && typeof onRecord !== 'function')
    throw invalidConfig('auditTrail', 'onRecord must be a function')
  return subscribe(CHANNELS.request, (message) => {
    if (message.credential === null && !message.stripped) return
    const record = toAuditRecord(message, new Date())
    onRecord?.(record)
    write(`${JSON.stringify(record)}\n`)
  })
}

/** The record for one `latchkey:request` message, fields in schema order. */
export function toAuditRecord(message: RequestMessage, time: Date): AuditRecord {
  return Object.freeze({
    v: AUDIT_SCHEMA_VERSION,
    time: time.toISOString(),
    strategy: message.strategy,
    credential: message.credential,
    origin: message.origin,
    method: message.method,
    path: message.path,
    outcome: message.outcome,
    status: message.status,
    request: message.request,
    hop: message.hop,
    attempt: message.attempt,
    stripped: message.stripped,
    durationMs: Math.round(message.durationMs * 1000) / 1000,
  })
}
