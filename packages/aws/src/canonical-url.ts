import { AuthError, UNSIGNABLE_REQUEST } from '@latchkey/core'

/** The URL parts SignatureV4 signs, and the URL to send so that they match the wire. */
export interface SignableUrl {
  /**
   * The path handed to the signer: as sent for services whose signer encodes it again
   * (all but S3), already in canonical form for S3, whose signer takes it as is.
   */
  readonly path: string
  /** Decoded query parameters; repeated names keep every value. */
  readonly query: Record<string, string | string[]>
  /** The request URL with its query in SigV4's canonical encoding (RFC 3986, `%20` for a space). */
  readonly url: URL
}

const encoder = new TextEncoder()
const utf8 = new TextDecoder('utf-8', { fatal: true })
const unreserved = /[A-Za-z0-9\-._~]/

/**
 * Prepares `url` for signing. The query goes on the wire re-encoded the canonical way,
 * because clients disagree on it (`+` or `%20` for a space, `~` or `%7E`) and so do
 * servers when they canonicalize what they received: only the canonical encoding means
 * the same thing to all of them. A `+` is read as a space, as every client's
 * query-string builder writes one; write a literal plus as `%2B`.
 */
export function signableUrl(url: URL, s3: boolean): SignableUrl {
  const query: Record<string, string | string[]> = {}
  const wire: string[] = []
  for (const part of url.search.slice(1).split('&')) {
    if (part === '') continue
    const equals = part.indexOf('=')
    const name = decode(equals < 0 ? part : part.slice(0, equals))
    const value = equals < 0 ? new Uint8Array() : decode(part.slice(equals + 1))
    wire.push(equals < 0 ? encode(name) : `${encode(name)}=${encode(value)}`)
    add(query, text(name), text(value))
  }
  const search = wire.length === 0 ? '' : `?${wire.join('&')}`
  let sent = url
  if (search !== url.search) {
    sent = new URL(url)
    sent.search = search
  }
  return { path: s3 ? canonicalS3Path(url.pathname) : url.pathname, query, url: sent }
}

/** S3 signs the path encoded once, exactly, without normalizing `.`, `..` or `//`. */
function canonicalS3Path(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => encode(decode(segment, false)))
    .join('/')
}

function add(query: Record<string, string | string[]>, name: string, value: string): void {
  const existing = query[name]
  if (existing === undefined) query[name] = value
  else if (Array.isArray(existing)) existing.push(value)
  else query[name] = [existing, value]
}

/** Percent-decodes to bytes; a `%` without two hex digits after it is a literal `%`. */
function decode(text: string, plusIsSpace = true): Uint8Array {
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string
    const hex = char === '%' ? text.slice(i + 1, i + 3) : ''
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16))
      i += 2
    } else if (char === '+' && plusIsSpace) {
      bytes.push(0x20)
    } else {
      const codePoint = text.codePointAt(i) as number
      const whole = String.fromCodePoint(codePoint)
      bytes.push(...encoder.encode(whole))
      i += whole.length - 1
    }
  }
  return Uint8Array.from(bytes)
}

/** RFC 3986: unreserved characters as they are, every other byte as `%XY`. */
function encode(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) {
    const char = String.fromCharCode(byte)
    out += unreserved.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

function text(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes)
  } catch {
    throw new AuthError(
      UNSIGNABLE_REQUEST,
      'awsSigV4: the query string has a percent-encoded sequence that is not UTF-8',
    )
  }
}
