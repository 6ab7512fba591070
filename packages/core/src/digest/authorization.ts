import { quoteString } from '../challenge/format.js'
import { AuthError } from '../errors/auth-error.js'
import { BODY_NOT_REPLAYABLE } from '../errors/codes.js'
import type { AuthRequest } from '../flow/types.js'
import type { Qop } from './challenge.js'
import { digestResponse, userhash } from './compute.js'
import { type NonceState, randomCnonce } from './protection-spaces.js'

export interface Credentials {
  readonly username: string
  readonly password: string
}

/**
 * The `Authorization` value answering `state`'s challenge for `request` (RFC 7616 section
 * 3.4). `algorithm`, `qop` and `nc` go unquoted, as the RFC requires.
 */
export async function authorization(
  request: AuthRequest,
  state: NonceState,
  credentials: Credentials,
): Promise<string> {
  const { challenge } = state
  const { algorithm, realm, nonce } = challenge
  const qop = chooseQop(challenge.qops, request)
  const uri = `${request.url.pathname}${request.url.search}`
  const counted =
    qop === undefined
      ? undefined
      : {
          qop,
          nc: state.nextCount(),
          cnonce: algorithm.session ? state.sessionCnonce : randomCnonce(),
        }
  const body = qop === 'auth-int' ? ((await request.body?.bytes()) ?? new Uint8Array()) : undefined
  const response = digestResponse({
    algorithm,
    username: credentials.username,
    password: credentials.password,
    realm,
    nonce,
    method: request.method,
    uri,
    ...counted,
    ...(body && { body }),
  })
  const parts = [
    challenge.userhash
      ? `username="${userhash(algorithm, credentials.username, realm)}"`
      : usernameParameter(credentials.username, challenge.utf8),
    `realm=${quoteString(realm)}`,
    `uri=${quoteString(uri)}`,
    `algorithm=${algorithm.name}`,
    `nonce=${quoteString(nonce)}`,
  ]
  if (counted !== undefined)
    parts.push(`nc=${counted.nc}`, `cnonce="${counted.cnonce}"`, `qop=${counted.qop}`)
  parts.push(`response="${response}"`)
  if (challenge.opaque !== undefined) parts.push(`opaque=${quoteString(challenge.opaque)}`)
  if (challenge.userhash) parts.push('userhash=true')
  return `Digest ${parts.join(', ')}`
}

/**
 * `auth-int` protects the body too, so it is preferred when offered and the body's bytes
 * are known; a one-shot stream can only be answered with `auth`.
 */
function chooseQop(offered: readonly Qop[] | undefined, request: AuthRequest): Qop | undefined {
  if (offered === undefined) return undefined
  const hashable = request.body === null || request.body.replayable
  if (offered.includes('auth-int') && hashable) return 'auth-int'
  if (offered.includes('auth')) return 'auth'
  throw new AuthError(
    BODY_NOT_REPLAYABLE,
    `digest: the server at ${request.url.origin} asks for qop=auth-int, which hashes the body, but the body is a one-shot stream`,
  )
}

const encoder = new TextEncoder()

/**
 * ASCII usernames as a quoted-string. Others as `username*` (RFC 8187) where the challenge
 * said `charset=UTF-8`, the RFC 7616 way; servers that did not (Apache's mod_auth_digest,
 * RFC 2617 servers) ignore `username*` and compare the raw bytes of `username` with their
 * user file, so there the UTF-8 bytes go as they are (obs-text, as curl sends them).
 */
function usernameParameter(username: string, utf8: boolean): string {
  if (/^[\u0020-\u007e]*$/.test(username)) return `username=${quoteString(username)}`
  if (!utf8) return `username=${quoteString(String.fromCharCode(...encoder.encode(username)))}`
  const encoded = encodeURIComponent(username).replace(
    /[*'()]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `username*=UTF-8''${encoded}`
}
