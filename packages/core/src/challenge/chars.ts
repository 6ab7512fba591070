/** Character classes of RFC 9110, as lookup tables: scanning never backtracks. */

function table(chars: string): Uint8Array {
  const result = new Uint8Array(128)
  for (let i = 0; i < chars.length; i++) result[chars.charCodeAt(i)] = 1
  return result
}

const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const tchars = table(`!#$%&'*+-.^_\`|~${alphanumeric}`)
const token68chars = table(`-._~+/${alphanumeric}`)

export const SP = 0x20
export const HTAB = 0x09
export const DQUOTE = 0x22
export const BACKSLASH = 0x5c
export const COMMA = 0x2c
export const EQUALS = 0x3d

export function isTchar(code: number): boolean {
  return code < 128 && tchars[code] === 1
}

export function isToken68Char(code: number): boolean {
  return code < 128 && token68chars[code] === 1
}

export function isWhitespace(code: number): boolean {
  return code === SP || code === HTAB
}

/** HTAB, SP, VCHAR and obs-text: what a quoted-string may carry, escaped or not. */
export function isQuotable(code: number): boolean {
  return code === HTAB || (code >= 0x20 && code <= 0xff && code !== 0x7f)
}

/** A non-empty RFC 9110 token. */
export function isToken(value: string): boolean {
  if (value.length === 0) return false
  for (let i = 0; i < value.length; i++) if (!isTchar(value.charCodeAt(i))) return false
  return true
}

/** RFC 9110 token68: `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`. */
export function isToken68(value: string): boolean {
  let i = 0
  while (i < value.length && isToken68Char(value.charCodeAt(i))) i++
  if (i === 0) return false
  while (i < value.length && value.charCodeAt(i) === EQUALS) i++
  return i === value.length
}
