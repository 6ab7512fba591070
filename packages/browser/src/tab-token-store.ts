import type { StoredToken, TokenStore } from '@latchkey/core'

/** Options of {@link TabTokenStore}. */
export interface TabTokenStoreOptions {
  /**
   * Stores with the same name share tokens, in every tab and worker of this origin.
   * Default `latchkey`.
   */
  readonly name?: string
  /**
   * Where tokens are kept besides memory. `memory` (the default) keeps them only in the
   * tabs that are open: a new tab asks the others, and closing the last one forgets them.
   * `sessionStorage` also keeps them across reloads of this tab. Anything persisted can be
   * read by any script that runs on the origin (an XSS), and stays after the tab is gone.
   */
  readonly persist?: 'memory' | 'sessionStorage'
}

type Message =
  | { readonly type: 'set'; readonly key: string; readonly token: StoredToken }
  | { readonly type: 'delete'; readonly key: string }
  /** A tab that just opened asks the others for what they hold. */
  | { readonly type: 'hello' }

interface Locks {
  request<T>(name: string, task: () => Promise<T>): Promise<T>
}

/**
 * A token store for browsers: a token obtained in one tab (or worker) is every tab's, and
 * a token request happens in one of them at a time (Web Locks), so five tabs on an
 * expired token make one token request, and a rotating refresh token is used once.
 * Changes travel on a `BroadcastChannel`. Where the Web Locks API or BroadcastChannel is
 * missing, it is a memory store for this tab alone.
 *
 * @example
 * ```ts
 * const store = new TabTokenStore()
 * const api = withAuth(fetch, oauth2.refreshToken({ tokenUrl, clientId, refreshToken, store }))
 * ```
 */
export class TabTokenStore implements TokenStore {
  readonly #tokens = new Map<string, StoredToken>()
  readonly #name: string
  readonly #channel: BroadcastChannel | undefined
  readonly #locks: Locks | undefined
  readonly #session: Storage | undefined

  constructor(options: TabTokenStoreOptions = {}) {
    this.#name = `latchkey:${options.name ?? 'latchkey'}`
    const scope = globalThis as {
      BroadcastChannel?: typeof BroadcastChannel
      navigator?: { locks?: Locks }
      sessionStorage?: Storage
    }
    this.#locks = scope.navigator?.locks
    this.#session = options.persist === 'sessionStorage' ? scope.sessionStorage : undefined
    for (const [key, token] of this.#restored()) this.#tokens.set(key, token)
    if (scope.BroadcastChannel !== undefined) {
      this.#channel = new scope.BroadcastChannel(this.#name)
      this.#channel.onmessage = (event: MessageEvent<Message>) => this.#receive(event.data)
      this.#post({ type: 'hello' })
    }
  }

  /**
   * The Web Lock held around a token request. `exclusive` is what makes the token engine
   * wait for another tab's request and take its token instead of requesting one.
   */
  readonly exclusive = <T>(key: string, task: () => Promise<T>): Promise<T> => {
    if (this.#locks === undefined || this.#channel === undefined) return task()
    return this.#locks.request(`${this.#name}:${key}`, async () => {
      // The tab that held the lock posted its token before releasing it: let it land.
      await new Promise((resolve) => setTimeout(resolve, 0))
      return task()
    })
  }

  /** The token kept under `key` in this tab, if any (tabs keep one another up to date). */
  async get(key: string): Promise<StoredToken | undefined> {
    return this.#tokens.get(key)
  }

  /** Keeps `token` under `key`, and tells the other tabs. */
  async set(key: string, token: StoredToken): Promise<void> {
    this.#keep(key, token)
    this.#post({ type: 'set', key, token })
  }

  /** Forgets the token under `key`, here and in the other tabs. */
  async delete(key: string): Promise<void> {
    this.#forget(key)
    this.#post({ type: 'delete', key })
  }

  /** Stops listening to the other tabs. */
  close(): void {
    this.#channel?.close()
  }

  #receive(message: Message): void {
    if (message.type === 'set') {
      // Answers to a new tab's hello may cross a fresher token: an older one never wins.
      const current = this.#tokens.get(message.key)
      if (current === undefined || message.token.issuedAt >= current.issuedAt)
        this.#keep(message.key, message.token)
    } else if (message.type === 'delete') this.#forget(message.key)
    else for (const [key, token] of this.#tokens) this.#post({ type: 'set', key, token })
  }

  #keep(key: string, token: StoredToken): void {
    this.#tokens.set(key, token)
    this.#session?.setItem(this.#name, JSON.stringify([...this.#tokens]))
  }

  #forget(key: string): void {
    this.#tokens.delete(key)
    this.#session?.setItem(this.#name, JSON.stringify([...this.#tokens]))
  }

  #restored(): [string, StoredToken][] {
    const saved = this.#session?.getItem(this.#name)
    if (saved === null || saved === undefined) return []
    try {
      return JSON.parse(saved) as [string, StoredToken][]
    } catch {
      return []
    }
  }

  #post(message: Message): void {
    this.#channel?.postMessage(message)
  }
}
