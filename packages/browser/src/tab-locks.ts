/**
 * The Web Locks a {@link TabTokenStore} uses. One exclusive lock per key serialises token
 * requests across tabs. Besides, each tab holds one lock per key whose name says which
 * version of the key it has (`<name>:has:<version>:<tab>:<key>`): the lock manager answers
 * `query()` the same in every tab at once, which BroadcastChannel messages in flight do not.
 * A tab that closes drops its locks, so only versions an open tab can still hand over show.
 */
export class TabLocks {
  readonly #locks: LockManager
  readonly #prefix: string
  readonly #tab: string
  /** Per key: the version this tab's lock names, and how to release that lock. */
  readonly #held = new Map<string, { version: number; release: () => void }>()

  constructor(locks: LockManager, name: string, tab: string) {
    this.#locks = locks
    this.#prefix = name
    this.#tab = tab
  }

  async exclusive<T>(key: string, task: () => Promise<T>): Promise<T> {
    return await this.#locks.request(`${this.#prefix}:lock:${key}`, task)
  }

  /** Holds the lock that says this tab has `version` of `key`, and drops the older one. */
  async have(key: string, version: number): Promise<void> {
    const previous = this.#held.get(key)
    if (previous !== undefined && previous.version >= version) return
    const granted = new Promise<void>((resolve) => {
      this.#locks
        .request(`${this.#prefix}:has:${version}:${this.#tab}:${key}`, () => {
          resolve()
          return new Promise<void>((release) => {
            const current = this.#held.get(key)
            if (current?.version === version) current.release = release
            else release()
          })
        })
        .catch(() => resolve())
    })
    this.#held.set(key, { version, release: () => {} })
    previous?.release()
    await granted
  }

  /** The newest version of `key` another open tab has (0 when none). */
  async newestElsewhere(key: string): Promise<number> {
    const { held = [] } = await this.#locks.query()
    let newest = 0
    const prefix = `${this.#prefix}:has:`
    for (const { name } of held) {
      if (name === undefined || !name.startsWith(prefix)) continue
      const [version, tab, ...rest] = name.slice(prefix.length).split(':')
      if (tab !== this.#tab && rest.join(':') === key) newest = Math.max(newest, Number(version))
    }
    return newest
  }

  /** Releases every version lock of this tab. */
  close(): void {
    for (const { release } of this.#held.values()) release()
    this.#held.clear()
  }
}
