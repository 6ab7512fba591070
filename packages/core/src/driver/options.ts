import { invalidConfig } from '../errors/invalid-config.js'
import type { AuthEvent, AuthEventListener } from '../events.js'
import { safeListener } from '../events-report.js'
import type { Clock, Transport } from '../flow/types.js'
import { parseOrigin } from '../policy/origin.js'

/** Options every adapter's `withAuth(client, strategy, options)` accepts. */
export interface AuthOptions {
  /**
   * The origins that may receive credentials, e.g. `['https://api.example.com']`.
   * Requests to any other origin go out untouched; redirects to another origin never
   * receive credentials.
   *
   * @defaultValue every origin the caller requests directly
   */
  readonly origins?: readonly string[]
  /**
   * Allow credentials over plain `http:` to hosts other than loopback. Without it, such a
   * request fails with `INSECURE_TRANSPORT` before anything is sent.
   *
   * @defaultValue `false`
   */
  readonly allowInsecureHttp?: boolean
  /** Lifecycle events (retries, stripped redirects, token refreshes); they carry no secret. */
  readonly onEvent?: AuthEventListener
  /**
   * Time source for expiry decisions.
   *
   * @defaultValue `Date.now`
   */
  readonly clock?: Clock
  /**
   * How strategies reach token and login endpoints. The default never passes through the
   * client being authenticated.
   *
   * @defaultValue the global `fetch`
   */
  readonly transport?: Transport
  /**
   * The most bytes read of a response Latchkey asked for itself (token endpoints, logins,
   * discovery, JWKS); beyond it the request fails with `RESPONSE_TOO_LARGE` and the
   * connection is closed.
   *
   * @defaultValue `65536` (64 KiB, {@link DEFAULT_MAX_RESPONSE_BYTES})
   */
  readonly maxResponseBytes?: number
}

/** Generous for a token response or a discovery document, small enough to never hurt. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024

/** {@link AuthOptions} validated, with defaults applied: what an `Authenticator` runs with. */
export interface ResolvedOptions {
  /** The origins that may receive credentials, normalised; undefined for every origin requested directly. */
  readonly origins: ReadonlySet<string> | undefined
  /** See {@link AuthOptions.allowInsecureHttp}. */
  readonly allowInsecureHttp: boolean
  /** The caller's listener, made safe: it never throws into a request. */
  readonly onEvent: (event: AuthEvent) => void
  /** The time source; `Date.now` by default. */
  readonly clock: Clock
  /** How strategies reach their own endpoints; the global `fetch` by default. */
  readonly transport: Transport
  /** See {@link AuthOptions.maxResponseBytes}. */
  readonly maxResponseBytes: number
}

const systemClock: Clock = { now: () => Date.now() }
const globalTransport: Transport = (request) => globalThis.fetch(request)

export function resolveOptions(options: AuthOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw invalidConfig('withAuth', 'options must be an object')
  }
  const {
    origins,
    allowInsecureHttp = false,
    onEvent,
    clock = systemClock,
    transport,
    maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES,
  } = options
  if (origins !== undefined && (!Array.isArray(origins) || origins.length === 0)) {
    // An empty list would silently turn authentication off.
    throw invalidConfig('withAuth', 'origins must list at least one origin (omit it for all)')
  }
  if (typeof allowInsecureHttp !== 'boolean') {
    throw invalidConfig('withAuth', 'allowInsecureHttp must be a boolean')
  }
  if (onEvent !== undefined && typeof onEvent !== 'function') {
    throw invalidConfig('withAuth', 'onEvent must be a function')
  }
  if (typeof clock?.now !== 'function') throw invalidConfig('withAuth', 'clock must have now()')
  if (transport !== undefined && typeof transport !== 'function') {
    throw invalidConfig('withAuth', 'transport must be a fetch-like function')
  }
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes <= 0) {
    throw invalidConfig('withAuth', 'maxResponseBytes must be a positive whole number of bytes')
  }
  return {
    origins: origins && new Set(origins.map((origin) => parseOrigin(origin, 'withAuth origins'))),
    allowInsecureHttp,
    onEvent: safeListener(onEvent),
    clock,
    transport: transport ?? globalTransport,
    maxResponseBytes,
  }
}
