import type { StoredToken } from './token.js'

/**
 * Where tokens live. Asynchronous so a shared store (Redis) fits; the default keeps them in
 * memory. Give several clients the same store, and the same key, to share one token.
 */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>
  set(key: string, token: StoredToken): Promise<void>
  delete(key: string): Promise<void>
  /**
   * Optional, for a store shared beyond this process (browser tabs, a fleet): runs `task`
   * while holding the store's lock for `key`, so one token request goes out across all of
   * them. Inside it, the engine reads the store again and uses a token another holder got
   * meanwhile instead of requesting one.
   */
  exclusive?<T>(key: string, task: () => Promise<T>): Promise<T>
}

/** The default store: a Map in this process. */
export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, StoredToken>()

  async get(key: string): Promise<StoredToken | undefined> {
    return this.#tokens.get(key)
  }

  async set(key: string, token: StoredToken): Promise<void> {
    this.#tokens.set(key, token)
  }

  async delete(key: string): Promise<void> {
    this.#tokens.delete(key)
  }
}
