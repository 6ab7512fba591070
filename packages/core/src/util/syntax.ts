/** RFC 9110 token: header field names, auth schemes. */
const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** Control characters (RFC 5234 CTL), forbidden in user-ids, passwords and header values. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const control = /[\u0000-\u001f\u007f]/
/** A credential that travels as one token in a header: visible ASCII, no spaces. */
const credentialToken = /^[\u0021-\u007e]+$/

/** True for an RFC 9110 token: a valid header field name or auth scheme. */
export function isToken(value: string): boolean {
  return token.test(value)
}

/** True when `value` holds a control character (RFC 5234 CTL), which user-ids, passwords and header values must not. */
export function hasControlCharacter(value: string): boolean {
  return control.test(value)
}

/** True for a credential that can travel as one token in a header: visible ASCII, no spaces. */
export function isCredentialToken(value: string): boolean {
  return credentialToken.test(value)
}

/**
 * Visible ASCII with inner spaces or tabs. Headers are bytes: a fetch `Headers` takes
 * latin1 (`é` goes out as one byte no server reads as UTF-8) and throws a bare TypeError
 * for the rest (`€`, U+2028), so anything beyond ASCII cannot be carried as given.
 */
const headerValue = /^[\u0021-\u007e](?:[\u0020-\u007e\t]*[\u0021-\u007e])?$/

/** A header value that can go on the wire as given: visible ASCII, no surrounding whitespace. */
export function isHeaderValue(value: string): boolean {
  return headerValue.test(value)
}

/** A string that encodes to UTF-8 as it is (no lone surrogate, which would become U+FFFD). */
export function isWellFormed(value: string): boolean {
  return !/\p{Surrogate}/u.test(value)
}
