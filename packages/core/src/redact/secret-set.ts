/** What replaces a secret wherever Latchkey scrubs one. */
export const REDACTED = '[REDACTED]'

/** Shorter values are not scrubbed: they would shred ordinary text and are not secrets. */
const MIN_LENGTH = 6

/**
 * A bounded set of secret values, each kept with its wire variants, that forgets the
 * least recently added value first once more than `capacity` variants are held. Adding a
 * known value again only makes it the most recent: its variants are computed once, so a
 * credential in steady use (or several, alternating: a chain, Basic's password and pair)
 * costs a map lookup per request, and the scrubbing pattern stays as it was.
 */
class RecentValues {
  /** Value to its variants, in order of last use (a Map iterates in insertion order). */
  readonly #values = new Map<string, readonly string[]>()
  readonly #capacity: number
  #size = 0

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  /** Returns true when the set of variants changed. */
  add(value: string): boolean {
    const known = this.#values.get(value)
    if (known !== undefined) {
      this.#values.delete(value)
      this.#values.set(value, known)
      return false
    }
    const variants = variantsOf(value).filter((variant) => variant.length >= MIN_LENGTH)
    this.#values.set(value, variants)
    this.#size += variants.length
    while (this.#size > this.#capacity) {
      const [oldest, dropped] = this.#values.entries().next().value as [string, string[]]
      this.#values.delete(oldest)
      this.#size -= dropped.length
    }
    return variants.length > 0
  }

  /** How many variants are held. */
  get size(): number {
    return this.#size
  }

  *values(): IterableIterator<string> {
    for (const variants of this.#values.values()) yield* variants
  }
}

/**
 * The secret values an authenticator knows, so that errors can be scrubbed of them
 * wherever they ended up (a message, a URL, a header, a nested cause).
 *
 * Two tiers, so a burst of short-lived values cannot push out a long-lived one:
 * credentials put on requests (`add`: tokens, signatures; the last 256 kept), and values
 * strategies register on purpose (`pin`: client secrets, refresh tokens, session tokens;
 * the last 64 kept).
 */
export class SecretSet {
  readonly #sent = new RecentValues(256)
  readonly #pinned = new RecentValues(64)
  #pattern: RegExp | undefined

  /** A credential that went out on a request. */
  add(value: string): void {
    if (this.#sent.add(value)) this.#pattern = undefined
  }

  /** A secret a strategy holds and registers explicitly. */
  pin(value: string): void {
    if (this.#pinned.add(value)) this.#pattern = undefined
  }

  /** How many values are registered. */
  get size(): number {
    return this.#sent.size + this.#pinned.size
  }

  /** True when `text` contains any known secret. */
  test(text: string): boolean {
    return this.size > 0 && this.#regex().test(text)
  }

  /** `text` with every known secret replaced by {@link REDACTED}. */
  scrub(text: string): string {
    if (this.size === 0) return text
    return text.replace(this.#regex(), REDACTED)
  }

  #regex(): RegExp {
    if (this.#pattern === undefined) {
      // Longest first, so a token inside "Bearer <token>" never leaves a partial match.
      const alternatives = [...new Set([...this.#sent.values(), ...this.#pinned.values()])]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
      this.#pattern = new RegExp(alternatives.join('|'), 'g')
    }
    this.#pattern.lastIndex = 0
    return this.#pattern
  }
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * The forms a secret takes on the wire: raw, without its auth scheme, and each
 * percent-encoding a strategy or client writes: `encodeURIComponent`, form encoding
 * (`+` for a space, `!'()~` escaped), and RFC 3986's strict form that SigV4's canonical
 * query uses (`!'()*` escaped too); each with lower-case hex as well, which some servers
 * echo back.
 */
function variantsOf(value: string): string[] {
  const space = value.indexOf(' ')
  const bases = space > 0 ? [value, value.slice(space + 1)] : [value]
  const forms = bases.flatMap((base) => {
    const encoded = safeEncode(base)
    if (encoded === undefined) return [base]
    const strict = encoded.replace(
      /[!'()*]/g,
      (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
    )
    const form = new URLSearchParams({ v: base }).toString().slice(2)
    return [base, encoded, strict, form].flatMap((text) => [text, lowerHex(text)])
  })
  return [...new Set(forms)]
}

function safeEncode(value: string): string | undefined {
  try {
    return encodeURIComponent(value)
  } catch {
    return undefined // a lone surrogate: no strategy can send it encoded
  }
}

function lowerHex(text: string): string {
  return text.replace(/%[0-9A-F]{2}/g, (code) => code.toLowerCase())
}
