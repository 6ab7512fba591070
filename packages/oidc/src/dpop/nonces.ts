/** Origins remembered at once; the least recently used is forgotten first. */
const CAPACITY = 100

/**
 * The latest DPoP nonce each origin sent (RFC 9449 section 8 and 9). Nonces are per
 * server, so they are kept per origin and a nonce never travels to another one.
 */
export class NonceCache {
  readonly #nonces = new Map<string, string>()

  get(origin: string): string | undefined {
    const nonce = this.#nonces.get(origin)
    if (nonce !== undefined) {
      this.#nonces.delete(origin)
      this.#nonces.set(origin, nonce)
    }
    return nonce
  }

  set(origin: string, nonce: string): void {
    this.#nonces.delete(origin)
    this.#nonces.set(origin, nonce)
    if (this.#nonces.size > CAPACITY)
      this.#nonces.delete(this.#nonces.keys().next().value as string)
  }
}
