import type { DigestAlgorithm } from './algorithms.js'

const encoder = new TextEncoder()

/** What RFC 7616 section 3.4 hashes into a `response`. */
export interface ResponseInput {
  readonly algorithm: DigestAlgorithm
  readonly username: string
  readonly password: string
  readonly realm: string
  readonly nonce: string
  readonly method: string
  /** The request-target, exactly as sent. */
  readonly uri: string
  /** Absent for an RFC 2069 challenge (no qop), which has neither nc nor cnonce. */
  readonly qop?: 'auth' | 'auth-int'
  /** Eight lower-case hex digits. */
  readonly nc?: string
  readonly cnonce?: string
  /** The exact bytes of the body, for `auth-int`. */
  readonly body?: Uint8Array
}

/** The `response` parameter (RFC 7616 section 3.4.1), in lower-case hex. */
export function digestResponse(input: ResponseInput): string {
  const H = (text: string) => input.algorithm.hash(encoder.encode(text))
  // A1 = username:realm:password; -sess: H(username:realm:password):nonce:cnonce.
  let ha1 = H(`${input.username}:${input.realm}:${input.password}`)
  if (input.algorithm.session) ha1 = H(`${ha1}:${input.nonce}:${input.cnonce ?? ''}`)
  // A2 = method:uri; auth-int: method:uri:H(body).
  const a2 =
    input.qop === 'auth-int'
      ? `${input.method}:${input.uri}:${input.algorithm.hash(input.body ?? new Uint8Array())}`
      : `${input.method}:${input.uri}`
  const ha2 = H(a2)
  if (input.qop === undefined) return H(`${ha1}:${input.nonce}:${ha2}`)
  return H(`${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`)
}

/** The hashed username of RFC 7616 section 3.4.4: H(username:realm). */
export function userhash(algorithm: DigestAlgorithm, username: string, realm: string): string {
  return algorithm.hash(encoder.encode(`${username}:${realm}`))
}
