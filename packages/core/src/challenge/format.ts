import { AuthError } from '../errors/auth-error.js'
import { INVALID_CONFIG } from '../errors/codes.js'
import { BACKSLASH, DQUOTE, isQuotable, isToken, isToken68 } from './chars.js'

/** A challenge to print: parameters as a `Map` (order kept) or a plain object. */
export interface ChallengeInit {
  /** The auth scheme, printed as given (`Bearer`). */
  readonly scheme: string
  /** The token68 form (`Negotiate abc==`), instead of parameters. */
  readonly token68?: string
  /** Parameters; values are quoted when they are not tokens. */
  readonly params?: ReadonlyMap<string, string> | Readonly<Record<string, string>>
}

/**
 * Prints a challenge as `scheme name=value, name="quoted value"` (or `scheme token68`):
 * values that are tokens go bare, anything else as an escaped quoted-string. What it
 * prints, {@link parseChallenges} reads back to the same challenge.
 *
 * Throws `INVALID_CONFIG` for what no header can carry: a scheme or name that is not a
 * token, a value with control characters, both token68 and parameters.
 *
 * @example
 * ```ts
 * formatChallenge({ scheme: 'Bearer', params: { error: 'invalid_token', error_description: 'expired' } })
 * // 'Bearer error=invalid_token, error_description=expired'
 * ```
 */
export function formatChallenge(challenge: ChallengeInit): string {
  const { scheme, token68 } = challenge
  if (typeof scheme !== 'string' || !isToken(scheme)) {
    throw invalid('the scheme must be a token')
  }
  const params = entriesOf(challenge.params)
  if (token68 !== undefined) {
    if (params.length > 0) throw invalid('a challenge has a token68 or parameters, not both')
    if (typeof token68 !== 'string' || !isToken68(token68)) {
      throw invalid('the token68 has characters a token68 cannot carry')
    }
    return `${scheme} ${token68}`
  }
  if (params.length === 0) return scheme
  const seen = new Set<string>()
  const printed = params.map(([name, value]) => {
    if (typeof name !== 'string' || !isToken(name)) throw invalid('a parameter name is not a token')
    if (seen.has(name.toLowerCase())) throw invalid('a parameter name is repeated')
    seen.add(name.toLowerCase())
    if (typeof value !== 'string') throw invalid('parameter values must be strings')
    return `${name}=${isToken(value) ? value : quoteString(value)}`
  })
  return `${scheme} ${printed.join(', ')}`
}

/** Several challenges in one header value, comma-separated. */
export function formatChallenges(challenges: readonly ChallengeInit[]): string {
  return challenges.map(formatChallenge).join(', ')
}

/**
 * `value` as an RFC 9110 quoted-string: `"` and `\` escaped. Throws `INVALID_CONFIG` for
 * characters no header can carry (controls other than tab, anything beyond U+00FF).
 */
export function quoteString(value: string): string {
  let quoted = '"'
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (!isQuotable(code)) throw invalid('a value has a character no header can carry')
    if (code === DQUOTE || code === BACKSLASH) quoted += '\\'
    quoted += value[i]
  }
  return `${quoted}"`
}

function entriesOf(params: ChallengeInit['params']): [string, string][] {
  if (params === undefined) return []
  if (params instanceof Map) return [...params.entries()]
  if (typeof params !== 'object' || params === null)
    throw invalid('params must be a Map or an object')
  return Object.entries(params)
}

function invalid(message: string): AuthError {
  return new AuthError(INVALID_CONFIG, `formatChallenge: ${message}`)
}
