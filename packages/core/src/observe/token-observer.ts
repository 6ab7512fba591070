import { isAuthError } from '../errors/auth-error.js'
import type { TokenReason } from '../events.js'
import type { TokenStore } from '../tokens/store.js'
import type { StoredToken } from '../tokens/token.js'
import {
  tokenCacheChannel,
  tokenEndChannel,
  tokenEndpointEndChannel,
  tokenEndpointStartChannel,
  tokenStartChannel,
} from './channels.js'
import { credentialFingerprint } from './credential.js'

interface Engine {
  readonly strategy: string
  readonly store: TokenStore
  readonly key: string
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
const running = new WeakMap<TokenStore, Map<string, TokenFlight>>()
/** The flight a token request's signal belongs to: how the endpoint call finds its flight. */
const bySignal = new WeakMap<AbortSignal, TokenFlight>()

function storeName(store: TokenStore): string {
  return store.constructor?.name || 'TokenStore'
}

/** A token strategy found a token to send (`hit`), or needs one for `reason`. */
export function observeTokenCache(engine: Engine, reason: TokenReason | null): void {
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
export function observeTokenFlight(
  engine: Engine,
  reason: TokenReason,
  outcome: Promise<StoredToken>,
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
    token?: StoredToken
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
        token: token ? credentialFingerprint(token.accessToken) : null,
        expiresIn: token ? (token.expiresAt - token.issuedAt) / 1000 : null,
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
export function observeTokenWaiter(engine: Engine): void {
  const flight = running.get(engine.store)?.get(engine.key)
  if (flight !== undefined) flight.waiters++
}

/** The running flight's token request uses `signal`: endpoint calls with it belong to it. */
export function observeTokenSignal(engine: Engine, signal: AbortSignal): void {
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
