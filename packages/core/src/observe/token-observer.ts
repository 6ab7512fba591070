import { isAuthError } from '../errors/auth-error.js'
import type { TokenReason } from '../events.js'
import type { Expiring } from '../tokens/kind.js'
import {
  tokenCacheChannel,
  tokenEndChannel,
  tokenEndpointEndChannel,
  tokenEndpointStartChannel,
  tokenStartChannel,
} from './channels.js'
import { credentialFingerprint } from './credential.js'

/** What the observer reads of an engine's options: whatever credential it caches. */
interface Engine<C extends Expiring = Expiring> {
  readonly strategy: string
  readonly store: object
  readonly key: string
  readonly kind: { readonly id: (credential: C) => string }
}

let flights = 0
let calls = 0

/** One observed token flight: the token request every waiter shares. */
class TokenFlight {
  readonly id = ++flights
  readonly startedAt = performance.now()
  waiters = 0
  grantType: string | null = null
  constructor(
    readonly strategy: string,
    readonly store: string,
    readonly reason: TokenReason,
  ) {}
}

/** Flights in progress, by store and key: how a joining request finds the one it waits for. */
const running = new WeakMap<object, Map<string, TokenFlight>>()
/** The flight a token request's signal belongs to: how the endpoint call finds its flight. */
const bySignal = new WeakMap<AbortSignal, TokenFlight>()

function storeName(store: object): string {
  return store.constructor?.name || 'TokenStore'
}

/** A token strategy found a token to send (`hit`), or needs one for `reason`. */
export function observeTokenCache<C extends Expiring>(
  engine: Engine<C>,
  reason: TokenReason | null,
): void {
  if (!tokenCacheChannel.hasSubscribers) return
  tokenCacheChannel.publish(
    Object.freeze({
      strategy: engine.strategy,
      store: storeName(engine.store),
      hit: reason === null,
      reason,
    }),
  )
}

/** A flight starts: observed until `outcome` settles, if anyone listens. */
export function observeTokenFlight<C extends Expiring>(
  engine: Engine<C>,
  reason: TokenReason,
  outcome: Promise<C>,
): void {
  if (!tokenStartChannel.hasSubscribers && !tokenEndChannel.hasSubscribers) return
  const flight = new TokenFlight(engine.strategy, storeName(engine.store), reason)
  let byKey = running.get(engine.store)
  if (byKey === undefined) {
    byKey = new Map()
    running.set(engine.store, byKey)
  }
  byKey.set(engine.key, flight)
  const base = { flight: flight.id, strategy: flight.strategy, store: flight.store, reason }
  if (tokenStartChannel.hasSubscribers) tokenStartChannel.publish(Object.freeze(base))
  const end = (fields: {
    outcome: 'acquired' | 'refreshed' | 'failed'
    token?: C
    error?: unknown
  }) => {
    if (byKey.get(engine.key) === flight) byKey.delete(engine.key)
    if (!tokenEndChannel.hasSubscribers) return
    const { token, error } = fields
    const failure = isAuthError(error) ? error : undefined
    tokenEndChannel.publish(
      Object.freeze({
        ...base,
        outcome: fields.outcome,
        grantType: flight.grantType,
        waiters: flight.waiters,
        durationMs: performance.now() - flight.startedAt,
        token: token ? credentialFingerprint(engine.kind.id(token)) : null,
        // A credential that never expires (some AWS providers') has no lifetime to report.
        expiresIn:
          token && Number.isFinite(token.expiresAt)
            ? (token.expiresAt - token.issuedAt) / 1000
            : null,
        code: fields.outcome === 'failed' ? (failure?.code ?? 'UNKNOWN') : null,
        status: failure?.status ?? null,
        oauthError: failure?.oauthError ?? null,
      }),
    )
  }
  outcome.then(
    (token) => end({ outcome: reason === 'cold' ? 'acquired' : 'refreshed', token }),
    (error: unknown) => end({ outcome: 'failed', error }),
  )
}

/** A request joined the flight already running for this store and key. */
export function observeTokenWaiter<C extends Expiring>(engine: Engine<C>): void {
  const flight = running.get(engine.store)?.get(engine.key)
  if (flight !== undefined) flight.waiters++
}

/** The running flight's token request uses `signal`: endpoint calls with it belong to it. */
export function observeTokenSignal<C extends Expiring>(
  engine: Engine<C>,
  signal: AbortSignal,
): void {
  const flight = running.get(engine.store)?.get(engine.key)
  if (flight !== undefined) bySignal.set(signal, flight)
}

/** One POST to a token endpoint; call the returned function with its status or error. */
export function observeTokenEndpoint(
  strategy: string,
  endpoint: URL,
  grantType: string | undefined,
  signal: AbortSignal,
): ((status: number | null, error?: unknown) => void) | undefined {
  const flight = bySignal.get(signal)
  if (flight !== undefined && grantType !== undefined) flight.grantType = grantType
  if (!tokenEndpointStartChannel.hasSubscribers && !tokenEndpointEndChannel.hasSubscribers)
    return undefined
  const startedAt = performance.now()
  const base = {
    call: ++calls,
    flight: flight?.id ?? null,
    strategy,
    method: 'POST' as const,
    origin: endpoint.origin,
    grantType: grantType ?? null,
  }
  if (tokenEndpointStartChannel.hasSubscribers)
    tokenEndpointStartChannel.publish(
      Object.freeze({ ...base, status: null, durationMs: null, error: null }),
    )
  return (status, error) => {
    if (!tokenEndpointEndChannel.hasSubscribers) return
    const failed = error !== undefined || status === null || status >= 400
    tokenEndpointEndChannel.publish(
      Object.freeze({
        ...base,
        status,
        durationMs: performance.now() - startedAt,
        error: !failed
          ? null
          : isAuthError(error)
            ? error.code
            : error instanceof Error
              ? error.name
              : status !== null
                ? String(status)
                : 'UNKNOWN',
      }),
    )
  }
}
