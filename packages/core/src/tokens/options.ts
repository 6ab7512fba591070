import { invalidConfig } from '../errors/invalid-config.js'
import { MemoryTokenStore, type TokenStore } from './store.js'

/** Options every token strategy accepts. */
export interface TokenOptions {
  /** Where tokens live; share one store (and key) between clients to share one token. */
  readonly store?: TokenStore
  /** The store key. Default: derived from the endpoint, client and scope. */
  readonly key?: string
  /** Refresh this many seconds before expiry (capped at half the lifetime). Default 60. */
  readonly refreshWindow?: number
  /** Lifetime in seconds when the server sends no `expires_in`. Default 3600. */
  readonly defaultExpiresIn?: number
  /** Milliseconds the token request may take before waiters fail with `TIMEOUT`. Default 30 000. */
  readonly timeout?: number
}

export interface ResolvedTokenOptions {
  readonly store: TokenStore
  readonly key: string
  readonly refreshWindow: number
  readonly defaultExpiresIn: number
  readonly timeout: number
}

export function resolveTokenOptions(
  strategy: string,
  options: TokenOptions,
  defaultKey: string,
): ResolvedTokenOptions {
  const { store, key, refreshWindow = 60, defaultExpiresIn = 3600, timeout = 30_000 } = options
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
  for (const [name, value] of Object.entries({ refreshWindow, defaultExpiresIn, timeout })) {
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
  }
}
