/**
 * A Map that keeps at most `limit` entries and forgets the least recently set one first:
 * the bounded caches strategies keep (nonces per origin, agents per certificate, imported
 * keys) without growing with every origin or credential they ever saw.
 *
 * `set` makes an entry the most recent; `touch` does the same for one that is read, for a
 * least-recently-used order. `onEvict` hears about entries pushed out (to close an agent).
 */
export class BoundedMap<K, V> {
  readonly #entries = new Map<K, V>()
  readonly #limit: number
  readonly #onEvict: ((key: K, value: V) => void) | undefined

  constructor(limit: number, onEvict?: (key: K, value: V) => void) {
    if (!(limit >= 1)) throw new RangeError('BoundedMap: limit must be at least 1')
    this.#limit = limit
    this.#onEvict = onEvict
  }

  /** The number of entries. */
  get size(): number {
    return this.#entries.size
  }

  /** Whether `key` has an entry (without changing the order). */
  has(key: K): boolean {
    return this.#entries.has(key)
  }

  /** The value for `key` (without changing the order). */
  get(key: K): V | undefined {
    return this.#entries.get(key)
  }

  /** The value for `key`, made the most recent entry. */
  touch(key: K): V | undefined {
    if (!this.#entries.has(key)) return undefined
    const value = this.#entries.get(key) as V
    this.#entries.delete(key)
    this.#entries.set(key, value)
    return value
  }

  /** Sets `key` as the most recent entry, evicting the oldest beyond the limit. */
  set(key: K, value: V): this {
    this.#entries.delete(key)
    this.#entries.set(key, value)
    if (this.#entries.size > this.#limit) {
      const [oldestKey, oldest] = this.#entries.entries().next().value as [K, V]
      this.#entries.delete(oldestKey)
      this.#onEvict?.(oldestKey, oldest)
    }
    return this
  }

  /** Removes `key`'s entry; true when there was one. `onEvict` is not called. */
  delete(key: K): boolean {
    return this.#entries.delete(key)
  }

  /** The keys, oldest first. */
  keys(): IterableIterator<K> {
    return this.#entries.keys()
  }

  /** The values, oldest first. */
  values(): IterableIterator<V> {
    return this.#entries.values()
  }
}
