/**
 * One challenge of a `WWW-Authenticate` or `Proxy-Authenticate` header (RFC 9110 section
 * 11.6.1): a scheme with either parameters or a token68.
 *
 * @example
 * ```ts
 * // Digest realm="api", qop="auth, auth-int"
 * { scheme: 'digest', params: new Map([['realm', 'api'], ['qop', 'auth, auth-int']]) }
 * // Negotiate abc==
 * { scheme: 'negotiate', token68: 'abc==', params: new Map() }
 * ```
 */
export interface Challenge {
  /** The auth scheme, lower-cased (schemes are case-insensitive): `basic`, `digest`, `bearer`. */
  readonly scheme: string
  /** The token68 form (`Negotiate abc==`), exactly as sent. Absent when there are parameters. */
  readonly token68?: string
  /**
   * Parameters by lower-cased name (names are case-insensitive), in header order. Values are
   * as the server meant them: quotes removed, `\"` and `\\` unescaped, case kept.
   */
  readonly params: ReadonlyMap<string, string>
}

/** Why part of a header could not be parsed. */
export type ChallengeSyntaxCode =
  /** The value is not a string. */
  | 'NOT_A_STRING'
  /** A list element starts with something other than an auth scheme or a parameter name. */
  | 'EXPECTED_SCHEME'
  /** After `scheme SP` came neither a token68 nor a `name=value` parameter. */
  | 'EXPECTED_PARAMETER_OR_TOKEN68'
  /** `name=` without a token or quoted-string value. */
  | 'EXPECTED_VALUE'
  /** A quoted-string runs to the end of the header. */
  | 'UNTERMINATED_QUOTED_STRING'
  /** A character the grammar does not allow here (a control character, a stray quote, ...). */
  | 'UNEXPECTED_CHARACTER'
  /** A parameter where no challenge can take one: before any scheme, after a bare scheme or a token68. */
  | 'UNEXPECTED_PARAMETER'
  /** A challenge repeats a parameter name (RFC 9110 section 11.2 allows each name once). */
  | 'DUPLICATE_PARAMETER'

/** A syntax problem, as data: parsing never throws. */
export interface ChallengeSyntaxError {
  /** What kind of problem. */
  readonly code: ChallengeSyntaxCode
  /** Index in the header value where the problem was found. */
  readonly offset: number
  /** A readable description, for logs. */
  readonly message: string
}

/** Everything a header yielded: the well-formed challenges, and what was wrong with the rest. */
export interface ChallengeList {
  /** The well-formed challenges, in header order. */
  readonly challenges: readonly Challenge[]
  /** The problems found in the rest; empty for a well-formed header. */
  readonly errors: readonly ChallengeSyntaxError[]
}
