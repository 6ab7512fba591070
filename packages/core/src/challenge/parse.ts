import {
  BACKSLASH,
  COMMA,
  DQUOTE,
  EQUALS,
  isQuotable,
  isTchar,
  isToken68Char,
  isWhitespace,
} from './chars.js'
import type {
  Challenge,
  ChallengeList,
  ChallengeSyntaxCode,
  ChallengeSyntaxError,
} from './types.js'

const messages: Record<ChallengeSyntaxCode, string> = {
  NOT_A_STRING: 'the header value is not a string',
  EXPECTED_SCHEME: 'expected an auth scheme',
  EXPECTED_PARAMETER_OR_TOKEN68: 'expected a parameter or a token68 after the scheme',
  EXPECTED_VALUE: 'expected a token or a quoted-string after "="',
  UNTERMINATED_QUOTED_STRING: 'a quoted-string is not terminated',
  UNEXPECTED_CHARACTER: 'unexpected character',
  UNEXPECTED_PARAMETER: 'a parameter that belongs to no challenge',
  DUPLICATE_PARAMETER: 'a parameter is repeated in one challenge',
}

/** A challenge being read; `broken` once any error fell inside it. */
interface Draft {
  readonly scheme: string
  token68?: string
  readonly params: Map<string, string>
  /** What may follow a comma: a parameter of this challenge only in `params` mode. */
  mode: 'bare' | 'token68' | 'params'
  broken: boolean
}

/**
 * Parses a `WWW-Authenticate` or `Proxy-Authenticate` value (RFC 9110 section 11.6.1): any
 * number of challenges, from one header or from repeated ones joined with ", " (what
 * `Headers.get()` returns). Never throws, and runs in time linear in the input.
 *
 * Rules where the grammar leaves room:
 * - Scheme and parameter names are lower-cased; values and token68 are kept as sent.
 * - A challenge with any syntax error in it (between its scheme and the next scheme) is
 *   dropped whole, and the error is reported with its offset: a partly understood
 *   challenge is never answered. This includes a repeated parameter name
 *   (`DUPLICATE_PARAMETER`): neither value is trusted over the other.
 * - `Scheme, realm="x"`: without a space after the scheme, the grammar gives the scheme no
 *   parameters, so `realm` is `UNEXPECTED_PARAMETER` and `Scheme` is dropped with it.
 * - `Bearer error=` is a token68 (`error=`), as the grammar says: an empty value is not a
 *   parameter.
 *
 * @example
 * ```ts
 * const { challenges, errors } = parseChallengeList('Basic realm="a", Bearer error="invalid_token"')
 * challenges[1]?.params.get('error') // 'invalid_token'
 * ```
 */
export function parseChallengeList(header: string | null | undefined): ChallengeList {
  if (header === null || header === undefined) return { challenges: [], errors: [] }
  if (typeof header !== 'string') {
    return {
      challenges: [],
      errors: [{ code: 'NOT_A_STRING', offset: 0, message: messages.NOT_A_STRING }],
    }
  }
  return new Parser(header).run()
}

/**
 * The well-formed challenges of a header value; see {@link parseChallengeList} for the rules
 * and for the errors.
 *
 * @example
 * ```ts
 * parseChallenges(response.headers.get('www-authenticate'))
 *   .find((challenge) => challenge.scheme === 'bearer')
 *   ?.params.get('error') // 'invalid_token'
 * ```
 */
export function parseChallenges(header: string | null | undefined): Challenge[] {
  return [...parseChallengeList(header).challenges]
}

class Parser {
  readonly #text: string
  #pos = 0
  #current: Draft | undefined
  readonly #challenges: Challenge[] = []
  readonly #errors: ChallengeSyntaxError[] = []

  constructor(text: string) {
    this.#text = text
  }

  run(): ChallengeList {
    const length = this.#text.length
    while (true) {
      this.#skipWhitespace()
      if (this.#pos >= length) break
      if (this.#code() === COMMA) {
        this.#pos++
        continue
      }
      this.#element()
    }
    this.#finish()
    return { challenges: this.#challenges, errors: this.#errors }
  }

  /** One list element: a new challenge, or (after a comma) a parameter of the current one. */
  #element(): void {
    const start = this.#pos
    const name = this.#token()
    if (name.length === 0) {
      this.#fail('EXPECTED_SCHEME', start)
      return
    }
    const afterName = this.#pos
    this.#skipWhitespace()
    if (this.#code() === EQUALS) {
      this.#pos++
      const current = this.#current
      if (current === undefined || current.mode !== 'params') {
        this.#fail('UNEXPECTED_PARAMETER', start)
        return
      }
      this.#skipWhitespace()
      this.#parameter(current, name, start)
      return
    }
    this.#finish()
    const draft: Draft = {
      scheme: name.toLowerCase(),
      params: new Map(),
      mode: 'bare',
      broken: false,
    }
    this.#current = draft
    this.#pos = afterName
    if (this.#atEnd() || this.#code() === COMMA) return
    if (!isWhitespace(this.#code())) {
      this.#fail('UNEXPECTED_CHARACTER', this.#pos)
      return
    }
    this.#skipWhitespace()
    if (this.#atEnd()) return
    if (this.#code() === COMMA) {
      // `Scheme , a=b`: the auth-param list may start with an empty element.
      draft.mode = 'params'
      return
    }
    this.#parametersOrToken68(draft)
  }

  /** After `scheme 1*SP`: `name BWS = BWS value`, or a token68 (which may end in "="). */
  #parametersOrToken68(draft: Draft): void {
    const start = this.#pos
    const name = this.#token()
    if (name.length > 0) {
      this.#skipWhitespace()
      if (this.#code() === EQUALS) {
        this.#pos++
        this.#skipWhitespace()
        const next = this.#code()
        if (next === DQUOTE || isTchar(next)) {
          draft.mode = 'params'
          this.#parameter(draft, name, start)
          return
        }
      }
      this.#pos = start
    }
    while (!this.#atEnd() && isToken68Char(this.#code())) this.#pos++
    if (this.#pos === start) {
      this.#fail('EXPECTED_PARAMETER_OR_TOKEN68', start)
      return
    }
    while (this.#code() === EQUALS) this.#pos++
    draft.token68 = this.#text.slice(start, this.#pos)
    draft.mode = 'token68'
    this.#endOfElement()
  }

  /** The value of `name=`, with the position just after the "=" and its whitespace. */
  #parameter(draft: Draft, name: string, start: number): void {
    let value: string | undefined
    if (this.#code() === DQUOTE) {
      value = this.#quotedString()
      if (value === undefined) return
    } else {
      value = this.#token()
      if (value.length === 0) {
        this.#fail('EXPECTED_VALUE', this.#pos)
        return
      }
    }
    const key = name.toLowerCase()
    if (draft.params.has(key)) {
      this.#fail('DUPLICATE_PARAMETER', start)
      return
    }
    draft.params.set(key, value)
    this.#endOfElement()
  }

  /**
   * Reads the quoted-string at the cursor, unescaped. On a bad character it still reads to
   * the closing quote, so recovery resumes after the string rather than inside it.
   */
  #quotedString(): string | undefined {
    const text = this.#text
    const open = this.#pos
    let value = ''
    let run = open + 1
    let invalidAt = -1
    let i = open + 1
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code === DQUOTE) break
      if (code === BACKSLASH) {
        value += text.slice(run, i)
        i++
        if (i >= text.length) break
        if (invalidAt < 0 && !isQuotable(text.charCodeAt(i))) invalidAt = i
        run = i
      } else if (invalidAt < 0 && !isQuotable(code)) {
        invalidAt = i
      }
    }
    if (i >= text.length) {
      this.#pos = text.length
      this.#fail('UNTERMINATED_QUOTED_STRING', open)
      return undefined
    }
    this.#pos = i + 1
    if (invalidAt >= 0) {
      this.#fail('UNEXPECTED_CHARACTER', invalidAt)
      return undefined
    }
    return value + text.slice(run, i)
  }

  /** After a value or token68: optional whitespace, then a comma or the end. */
  #endOfElement(): void {
    this.#skipWhitespace()
    if (!this.#atEnd() && this.#code() !== COMMA) this.#fail('UNEXPECTED_CHARACTER', this.#pos)
  }

  /** Records an error, drops the current challenge, and resumes at the next top-level comma. */
  #fail(code: ChallengeSyntaxCode, offset: number): void {
    this.#errors.push({ code, offset, message: messages[code] })
    if (this.#current !== undefined) this.#current.broken = true
    const text = this.#text
    while (this.#pos < text.length) {
      const char = text.charCodeAt(this.#pos)
      if (char === COMMA) return
      if (char === DQUOTE) this.#skipQuoted()
      else this.#pos++
    }
  }

  #skipQuoted(): void {
    const text = this.#text
    let i = this.#pos + 1
    while (i < text.length) {
      const code = text.charCodeAt(i)
      if (code === DQUOTE) break
      i += code === BACKSLASH ? 2 : 1
    }
    this.#pos = Math.min(i + 1, text.length)
  }

  #finish(): void {
    const draft = this.#current
    this.#current = undefined
    if (draft === undefined || draft.broken) return
    this.#challenges.push(
      draft.token68 === undefined
        ? { scheme: draft.scheme, params: draft.params }
        : { scheme: draft.scheme, token68: draft.token68, params: draft.params },
    )
  }

  #token(): string {
    const start = this.#pos
    const text = this.#text
    while (this.#pos < text.length && isTchar(text.charCodeAt(this.#pos))) this.#pos++
    return text.slice(start, this.#pos)
  }

  #skipWhitespace(): void {
    const text = this.#text
    while (this.#pos < text.length && isWhitespace(text.charCodeAt(this.#pos))) this.#pos++
  }

  #atEnd(): boolean {
    return this.#pos >= this.#text.length
  }

  /** The code unit at the cursor, or NaN at the end (which matches no class). */
  #code(): number {
    return this.#text.charCodeAt(this.#pos)
  }
}
