import { invalidConfig } from '../errors/invalid-config.js'
import type { OnChallenge } from './on-challenge.js'
import { MemoryTokenStore, type TokenStore } from './store.js'

/** Options every token strategy accepts. */
export interface TokenOptions {
  /**
   * Where tokens live; share one store (and key) between clients to share one token.
   *
   * @defaultValue a new {@link MemoryTokenStore} per strategy
   */
  readonly store?: TokenStore
  /**
   * The store key.
   *
   * @defaultValue derived from the endpoint, client and scope
   */
  readonly key?: string
  /**
   * Refresh this many seconds before expiry (capped at half the lifetime).
   *
   * @defaultValue `60`
   */
  readonly refreshWindow?: number
  /**
   * Lifetime in seconds when the server sends no `expires_in`.
   *
   * @defaultValue `3600`
   */
  readonly defaultExpiresIn?: number
  /**
   * Milliseconds the token request may take before waiters fail with `TIMEOUT`.
   *
   * @defaultValue `30000`
   */
  readonly timeout?: number
  /**
   * Seconds before expiry from which a token is no longer sent, so one does not expire on
   * its way (clock skew, time in flight); at most half the lifetime.
   *
   * @defaultValue 5 s, or 1% of the lifetime when that is less
   */
  readonly expiryMargin?: number
  /**
   * Decides whether an error response (status 400 or more) calls for a new token: return
   * `'refresh'` (get one and resend once), `'ignore'`, or nothing for the default rule
   * (a 401 `invalid_token`, or a bare 401). For APIs that refuse tokens their own way: a
   * 403, a header, a challenge with claims (CAE).
   */
  readonly onChallenge?: OnChallenge
}

/** {@link TokenOptions} validated, with their defaults applied. */
export interface ResolvedTokenOptions {
  /** The store; a new {@link MemoryTokenStore} by default. */
  readonly store: TokenStore
  /** The store key; the strategy's default key unless given. */
  readonly key: string
  /**
   * Seconds before expiry to refresh.
   *
   * @defaultValue 60
   */
  readonly refreshWindow: number
  /**
   * Seconds a token lives when the server sends no `expires_in`.
   *
   * @defaultValue 3600
   */
  readonly defaultExpiresIn: number
  /**
   * Milliseconds a token request may take.
   *
   * @defaultValue 30 000
   */
  readonly timeout: number
  /** Seconds before expiry a token stops being sent; undefined for the engine's default (5 s, or 1% of the lifetime). */
  readonly expiryMargin: number | undefined
}

/**
 * Validates a token strategy's {@link TokenOptions} and applies their defaults; `defaultKey` is the key when none is given.
 *
 * @throws `AuthError` `INVALID_CONFIG` when an option has the wrong type or range.
 */
export function resolveTokenOptions(
  strategy: string,
  options: TokenOptions,
  defaultKey: string,
): ResolvedTokenOptions {
  const {
    store,
    key,
    refreshWindow = 60,
    defaultExpiresIn = 3600,
    timeout = 30_000,
    expiryMargin,
  } = options
  if (
    store !== undefined &&
    !['get', 'set', 'delete'].every(
      (name) => typeof (store as unknown as Record<string, unknown>)[name] === 'function',
    )
  ) {
    throw invalidConfig(strategy, 'store must have get, set and delete')
  }
  if (key !== undefined && (typeof key !== 'string' || key.length === 0))
    throw invalidConfig(strategy, 'key must be a non-empty string')
  if (typeof timeout !== 'number' || !(timeout > 0)) {
    throw invalidConfig(strategy, 'timeout must be a positive number of milliseconds')
  }
  const numbers = {
    refreshWindow,
    defaultExpiresIn,
    timeout,
    ...(expiryMargin !== undefined && { expiryMargin }),
  }
  for (const [name, value] of Object.entries(numbers)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw invalidConfig(strategy, `${name} must be a non-negative number`)
    }
  }
  return {
    store: store ?? new MemoryTokenStore(),
    key: key ?? defaultKey,
    refreshWindow,
    defaultExpiresIn,
    timeout,
    expiryMargin,
  }
}
