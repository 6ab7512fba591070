import type { StoreEvent } from '../events.js'
import type { Expiring } from './kind.js'
import type { StoredToken } from './token.js'

/**
 * Where tokens live. Asynchronous so a shared store (Redis) fits; the default keeps them in
 * memory. Give several clients the same store, and the same key, to share one token.
 * (`T`: what is kept; OAuth tokens unless a strategy caches another credential.)
 */
export interface TokenStore<T extends Expiring = StoredToken> {
  /** The token kept under `key`, or undefined when there is none. `context` lets a shared store report its health. */
  get(key: string, context?: StoreContext): Promise<T | undefined>
  /** Keeps `token` under `key`, replacing any other. */
  set(key: string, token: T): Promise<void>
  /** Forgets the token under `key` (after the server rejected it, or a refresh failed for good). */
  delete(key: string): Promise<void>
  /**
   * Optional, for a store shared beyond this process (browser tabs, a fleet): runs `task`
   * while holding the store's lock for `key`, so one token request goes out across all of
   * them. Inside it, the engine reads the store again and uses a token another holder got
   * meanwhile instead of requesting one.
   */
  exclusive?<T>(key: string, task: () => Promise<T>): Promise<T>
  /**
   * Optional, for a store several processes share (`@latchkey/redis`): the lease that makes
   * this process the one, fleet-wide, that obtains the token for `key`. When another process
   * holds it, resolves `undefined` once that holder wrote or released, or after a bounded
   * wait; the engine then reads the store again and asks again. Without it, single-flight
   * is per process.
   */
  lease?(key: string, context: StoreContext): Promise<TokenLease<T> | undefined>
}

/** What the engine hands a store with each call: where the store reports its own health. */
export interface StoreContext {
  /** Reports a {@link StoreEvent} (`store-degraded`, `store-recovered`) to the client's `onEvent`. */
  readonly emit: (event: StoreEvent) => void
}

/**
 * The right to obtain one key's token, held for a bounded time. Writes through it are
 * fenced: they land only while no later lease has been granted, so a holder that outlived
 * its lease (paused, partitioned) never overwrites a newer token or its refresh token.
 */
export interface TokenLease<T extends Expiring = StoredToken> {
  /** Writes the new token, unless a later lease was granted meanwhile. */
  set(token: T): Promise<void>
  /** Forgets the key's token, unless a later lease was granted meanwhile. */
  delete(): Promise<void>
  /** Gives the lease back, if it is still this holder's, and wakes the waiters. */
  release(): Promise<void>
}

/** The default store: a Map in this process. */
export class MemoryTokenStore<T extends Expiring = StoredToken> implements TokenStore<T> {
  readonly #tokens = new Map<string, T>()

  /** The token kept under `key`, if any. */
  async get(key: string): Promise<T | undefined> {
    return this.#tokens.get(key)
  }

  /** Keeps `token` under `key`. */
  async set(key: string, token: T): Promise<void> {
    this.#tokens.set(key, token)
  }

  /** Forgets the token under `key`. */
  async delete(key: string): Promise<void> {
    this.#tokens.delete(key)
  }
}
