/** What replaces a secret wherever Latchkey scrubs one. */
export const REDACTED = '[REDACTED]'

/** Shorter values are not scrubbed: they would shred ordinary text and are not secrets. */
const MIN_LENGTH = 6
/**
 * Enough for every credential in flight plus recently rotated ones. The least recently
 * sent age out: a value sent again moves to the back, so per-request values (DPoP proofs)
 * never push out the token that is still in use.
 */
const CAPACITY = 256

/**
 * The secret values an authenticator has put on requests recently, so that errors can be
 * scrubbed of them wherever they ended up (a message, a URL, a header, a nested cause).
 */
export class SecretSet {
  readonly #values = new Set<string>()
  /** The last value added: every request of a static credential adds it again, cheaply. */
  #last: string | undefined
  #pattern: RegExp | undefined

  add(value: string): void {
    if (value === this.#last) return
    this.#last = value
    for (const variant of variantsOf(value)) {
      if (variant.length < MIN_LENGTH) continue
      if (this.#values.delete(variant)) {
        this.#values.add(variant) // recently used again: the same set, the pattern stays valid
        continue
      }
      this.#values.add(variant)
      this.#pattern = undefined
      if (this.#values.size > CAPACITY) {
        const oldest = this.#values.values().next().value as string
        this.#values.delete(oldest)
      }
    }
  }

  get size(): number {
    return this.#values.size
  }

  /** True when `text` contains any known secret. */
  test(text: string): boolean {
    return this.#values.size > 0 && this.#regex().test(text)
  }

  /** `text` with every known secret replaced by {@link REDACTED}. */
  scrub(text: string): string {
    if (this.#values.size === 0) return text
    return text.replace(this.#regex(), REDACTED)
  }

  #regex(): RegExp {
    if (this.#pattern === undefined) {
      // Longest first, so a token inside "Bearer <token>" never leaves a partial match.
      const alternatives = [...this.#values].sort((a, b) => b.length - a.length).map(escapeRegExp)
      this.#pattern = new RegExp(alternatives.join('|'), 'g')
    }
    this.#pattern.lastIndex = 0
    return this.#pattern
  }
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The forms a secret takes on the wire: raw, without its auth scheme, URL-encoded. */
function variantsOf(value: string): string[] {
  const space = value.indexOf(' ')
  const bases = space > 0 ? [value, value.slice(space + 1)] : [value]
  return bases.flatMap((base) => [
    base,
    encodeURIComponent(base),
    new URLSearchParams({ v: base }).toString().slice(2),
  ])
}
