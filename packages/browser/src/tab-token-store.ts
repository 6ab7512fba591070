import type { StoredToken, TokenStore } from '@latchkey/core'
import { type Entry, newer } from './tab-entry.js'
import { TabLocks } from './tab-locks.js'

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
  | { readonly type: 'set'; readonly key: string; readonly entry: Entry }
  /** A tab asks the others for what they hold: all of it (a new tab), or one key. */
  | { readonly type: 'ask'; readonly key?: string }

/** How long a tab that holds the lock waits for a newer token it knows another tab has. */
const CATCH_UP_MS = 5000
/** How often it asks again meanwhile (and looks whether the tabs that have it are still open). */
const ASK_EVERY_MS = 100

/**
 * A token store for browsers: a token obtained in one tab (or worker) is every tab's, and
 * a token request happens in one of them at a time (Web Locks), so five tabs on an
 * expired token make one token request, and a rotating refresh token is used once.
 * Changes travel on a `BroadcastChannel`. Where the Web Locks API or BroadcastChannel is
 * missing, it is a memory store for this tab alone.
 *
 * Messages between tabs arrive in no set order with the locks, so a tab that gets the
 * lock could still hold the token the previous holder replaced. Each change therefore has
 * a version, and every tab holds a Web Lock named after the version it has: the lock
 * manager's view is the same in every tab, so the next holder sees that a newer token
 * exists and waits for it (asking for it) instead of refreshing with a used refresh token.
 *
 * @example
 * ```ts
 * const store = new TabTokenStore()
 * const api = withAuth(fetch, oauth2.refreshToken({ tokenUrl, clientId, refreshToken, store }))
 * ```
 */
export class TabTokenStore implements TokenStore {
  readonly #entries = new Map<string, Entry>()
  readonly #name: string
  readonly #tab = crypto.randomUUID()
  readonly #channel: BroadcastChannel | undefined
  readonly #locks: TabLocks | undefined
  readonly #session: Storage | undefined
  /** Wakes the tab's {@link #catchUp}s when an entry arrives. */
  readonly #waiting = new Set<() => void>()

  constructor(options: TabTokenStoreOptions = {}) {
    this.#name = `latchkey:${options.name ?? 'latchkey'}`
    const scope = globalThis as {
      BroadcastChannel?: typeof BroadcastChannel
      navigator?: { locks?: LockManager }
      sessionStorage?: Storage
    }
    this.#session = options.persist === 'sessionStorage' ? scope.sessionStorage : undefined
    for (const [key, entry] of this.#restored()) this.#entries.set(key, entry)
    if (scope.BroadcastChannel !== undefined) {
      this.#channel = new scope.BroadcastChannel(this.#name)
      this.#channel.onmessage = (event: MessageEvent<Message>) => this.#receive(event.data)
      const locks = scope.navigator?.locks
      if (locks !== undefined) this.#locks = new TabLocks(locks, this.#name, this.#tab)
      for (const [key, entry] of this.#entries) this.#locks?.have(key, entry.version)
      this.#post({ type: 'ask' })
    }
  }

  /**
   * The Web Lock held around a token request. `exclusive` is what makes the token engine
   * wait for another tab's request and take its token instead of requesting one.
   */
  readonly exclusive = <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const locks = this.#locks
    if (locks === undefined) return task()
    return locks.exclusive(key, async () => {
      await this.#catchUp(locks, key)
      return task()
    })
  }

  /** The token kept under `key` in this tab, if any (tabs keep one another up to date). */
  async get(key: string): Promise<StoredToken | undefined> {
    return this.#entries.get(key)?.token
  }

  /** Keeps `token` under `key`, and tells the other tabs. */
  async set(key: string, token: StoredToken): Promise<void> {
    await this.#change(key, token)
  }

  /** Forgets the token under `key`, here and in the other tabs. */
  async delete(key: string): Promise<void> {
    await this.#change(key, undefined)
  }

  /** Stops listening to the other tabs, and gives up this tab's locks. */
  close(): void {
    this.#channel?.close()
    this.#locks?.close()
  }

  /** Resolves once the lock manager shows this tab's version: before the lock is released. */
  async #change(key: string, token: StoredToken | undefined): Promise<void> {
    const version = (this.#entries.get(key)?.version ?? 0) + 1
    const entry: Entry = { version, tab: this.#tab, ...(token !== undefined && { token }) }
    this.#keep(key, entry)
    this.#post({ type: 'set', key, entry })
    await this.#locks?.have(key, version)
  }

  /**
   * Inside the lock: while another open tab has a newer version of `key` than this one,
   * asks for it and waits. Gives up after {@link CATCH_UP_MS} (a tab that stopped answering).
   */
  async #catchUp(locks: TabLocks, key: string): Promise<void> {
    const until = Date.now() + CATCH_UP_MS
    while (Date.now() < until) {
      const newest = await locks.newestElsewhere(key)
      if (newest <= (this.#entries.get(key)?.version ?? 0)) return
      this.#post({ type: 'ask', key })
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer)
          this.#waiting.delete(wake)
          resolve()
        }
        const timer = setTimeout(wake, ASK_EVERY_MS)
        this.#waiting.add(wake)
      })
    }
  }

  #receive(message: Message): void {
    if (message.type === 'set') {
      // Answers to an ask may cross a fresher change: an older one never wins.
      if (newer(message.entry, this.#entries.get(message.key))) {
        this.#keep(message.key, message.entry)
        void this.#locks?.have(message.key, message.entry.version)
        for (const wake of [...this.#waiting]) wake()
      }
      return
    }
    for (const [key, entry] of this.#entries)
      if (message.key === undefined || message.key === key) this.#post({ type: 'set', key, entry })
  }

  #keep(key: string, entry: Entry): void {
    this.#entries.set(key, entry)
    this.#session?.setItem(this.#name, JSON.stringify([...this.#entries]))
  }

  #restored(): [string, Entry][] {
    const saved = this.#session?.getItem(this.#name)
    if (saved === null || saved === undefined) return []
    try {
      const entries = JSON.parse(saved) as [string, Entry][]
      return entries.filter(([, entry]) => typeof entry?.version === 'number')
    } catch {
      return []
    }
  }

  #post(message: Message): void {
    this.#channel?.postMessage(message)
  }
}
