import { BoundedMap } from '@latchkey/core/strategy'

/** Origins remembered at once; the least recently used is forgotten first. */
const CAPACITY = 100

/**
 * The latest DPoP nonce each origin sent (RFC 9449 section 8 and 9). Nonces are per
 * server, so they are kept per origin and a nonce never travels to another one.
 */
export class NonceCache {
  readonly #nonces = new BoundedMap<string, string>(CAPACITY)

  get(origin: string): string | undefined {
    return this.#nonces.touch(origin)
  }

  set(origin: string, nonce: string): void {
    this.#nonces.set(origin, nonce)
  }
}
