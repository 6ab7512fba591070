import { createHash } from 'node:crypto'

/**
 * SigV4 canonicalization of a request as a server received it, written independently of
 * any signing library (node:crypto only), so it can judge them. Checked against the AWS
 * Signature Version 4 test suite in this package's tests.
 */

/** A request as it arrived: the raw request-target and every header line in order. */
export interface ReceivedRequest {
  /** The request method. */
  readonly method: string
  /** Path and query exactly as on the request line (`/a%20b?x=1`). */
  readonly target: string
  /** Every header line as `[name, value]`, in arrival order. */
  readonly rawHeaders: readonly (readonly [string, string])[]
  /** The body bytes that arrived. */
  readonly body: Uint8Array
}

const utf8 = new TextEncoder()
const unreserved = /^[A-Za-z0-9\-._~]$/

/** RFC 3986 encoding of bytes: unreserved characters as they are, anything else `%XY`. */
export function uriEncode(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) {
    const char = String.fromCharCode(byte)
    out += unreserved.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** Percent-decoding to bytes; other characters count as their UTF-8 bytes. */
export function percentDecode(text: string, plusIsSpace: boolean): Uint8Array {
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '%' ? text.slice(i + 1, i + 3) : ''
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16))
      i += 2
    } else if (text[i] === '+' && plusIsSpace) {
      bytes.push(0x20)
    } else {
      const char = String.fromCodePoint(text.codePointAt(i) as number)
      bytes.push(...utf8.encode(char))
      i += char.length - 1
    }
  }
  return Uint8Array.from(bytes)
}

/**
 * The canonical URI. Every service but S3 normalizes the path (empty and `.` segments
 * dropped, `..` resolved) and encodes it as received once more ("double encoding"); S3
 * takes the path as is and encodes its decoded segments once.
 */
export function canonicalPath(path: string, s3: boolean): string {
  if (s3) {
    return path
      .split('/')
      .map((segment) => uriEncode(percentDecode(segment, false)))
      .join('/')
  }
  const segments: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const encoded = segments.map((segment) => uriEncode(utf8.encode(segment)))
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : ''
  return `/${encoded.join('/')}${trailing}`
}

/**
 * The canonical query: each name and value decoded (a `+` is a space, as AWS reads it)
 * and encoded strictly, sorted by name and then value, a missing `=` an empty value.
 */
export function canonicalQuery(query: string): string {
  return query
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const equals = part.indexOf('=')
      const name = equals < 0 ? part : part.slice(0, equals)
      const value = equals < 0 ? '' : part.slice(equals + 1)
      return [uriEncode(percentDecode(name, true)), uriEncode(percentDecode(value, true))] as const
    })
    .sort(([a, x], [b, y]) => compare(a, b) || compare(x, y))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}

/** `name:value` lines for the signed headers: repeated lines joined by `,`, spaces collapsed. */
export function canonicalHeaders(
  rawHeaders: ReceivedRequest['rawHeaders'],
  signed: readonly string[],
): { text: string; missing: string[] } {
  const values = new Map<string, string[]>()
  for (const [name, value] of rawHeaders) {
    const key = name.toLowerCase()
    values.set(key, [...(values.get(key) ?? []), value.trim().replace(/\s+/g, ' ')])
  }
  const missing = signed.filter((name) => !values.has(name))
  const text = signed.map((name) => `${name}:${(values.get(name) ?? []).join(',')}\n`).join('')
  return { text, missing }
}

/**
 * The SigV4 canonical request of `request` for `signedHeaders` and `payloadHash`; `s3`
 * keeps dot segments and encodes the path once, as S3 does (other services normalise it and
 * encode it twice).
 */
export function canonicalRequest(
  request: ReceivedRequest,
  signedHeaders: readonly string[],
  payloadHash: string,
  s3: boolean,
): {
  /** The canonical request. */
  text: string
  /** Signed header names the request does not carry. */
  missing: string[]
} {
  const question = request.target.indexOf('?')
  const path = question < 0 ? request.target : request.target.slice(0, question)
  const query = question < 0 ? '' : request.target.slice(question + 1)
  const headers = canonicalHeaders(request.rawHeaders, signedHeaders)
  const text = [
    request.method.toUpperCase(),
    canonicalPath(path, s3),
    canonicalQuery(query),
    headers.text,
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n')
  return { text, missing: headers.missing }
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Code-unit order, which for encoded (ASCII) strings is byte order, as SigV4 sorts. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
