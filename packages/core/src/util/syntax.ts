/** RFC 9110 token: header field names, auth schemes. */
const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** Control characters (RFC 5234 CTL), forbidden in user-ids, passwords and header values. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const control = /[\u0000-\u001f\u007f]/
/** A credential that travels as one token in a header: visible ASCII, no spaces. */
const credentialToken = /^[\u0021-\u007e]+$/

export function isToken(value: string): boolean {
  return token.test(value)
}

export function hasControlCharacter(value: string): boolean {
  return control.test(value)
}

export function isCredentialToken(value: string): boolean {
  return credentialToken.test(value)
}

/** A header value that can go on the wire as given: no controls, no surrounding whitespace. */
export function isHeaderValue(value: string): boolean {
  return value.length > 0 && !control.test(value) && value.trim() === value
}
