import { quoteString } from '../challenge/format.js'
import { parseChallenges } from '../challenge/parse.js'
import type { Challenge } from '../challenge/types.js'
import { DIGEST_ALGORITHMS } from '../digest/algorithms.js'
import { chooseChallenge } from '../digest/challenge.js'
import { digestResponse } from '../digest/compute.js'
import { randomCnonce } from '../digest/protection-spaces.js'
import { AuthError } from '../errors/auth-error.js'
import { CHALLENGE_FAILED } from '../errors/codes.js'
import { invalidConfig } from '../errors/invalid-config.js'
import { base64Utf8 } from '../util/base64.js'
import { hasControlCharacter } from '../util/syntax.js'

/** The schemes a proxy may be answered with. */
export type ProxyAuthScheme = 'basic' | 'digest'

/** Options of {@link proxyAuth}. */
export interface ProxyAuthOptions {
  /** The proxy user-id; no colon or control character (RFC 7617). */
  readonly username: string
  /** The proxy password; a secret, never in an error. */
  readonly password: string
  /**
   * The schemes a `407` may be answered with. Digest is chosen over Basic when the proxy
   * offers both; `['digest']` never sends the password itself, even to a proxy asking for
   * Basic.
   *
   * @defaultValue `['digest', 'basic']`
   */
  readonly schemes?: readonly ProxyAuthScheme[]
}

/**
 * Credentials for an authenticating proxy, from {@link proxyAuth}. Opaque: the password is
 * held out of reach (no property, nothing `util.inspect` or `JSON.stringify` can show), so
 * an agent or a client's options that keep it can be logged.
 */
export interface ProxyAuth {
  /** Always `proxy-auth`. */
  readonly kind: 'proxy-auth'
  /** The schemes a `407` may be answered with, strongest first. */
  readonly schemes: readonly ProxyAuthScheme[]
}

/** The request a `Proxy-Authorization` answers: `CONNECT host:port` for a tunnel. */
export interface ProxyRequest {
  /** The method sent to the proxy (`CONNECT`). */
  readonly method: string
  /** The request-target, exactly as sent (`host:port` for a CONNECT). */
  readonly uri: string
  /** The proxy's origin, named in errors. */
  readonly proxy: string
}

interface Secret {
  readonly username: string
  readonly password: string
}

// Kept beside the object, not on it: nothing that walks an agent finds the password.
const secrets = new WeakMap<ProxyAuth, Secret>()

/**
 * Credentials for a proxy that answers `407 Proxy Authentication Required`: Basic (RFC
 * 7617) or Digest (RFC 7616), whichever the proxy's `Proxy-Authenticate` asks for. Give
 * them to `proxyAgents()` (axios, got) or `proxyConnector()` (fetch, ky through undici)
 * from `@latchkey/core/node`; the `Proxy-Authorization` they make goes on the request to
 * the proxy (the CONNECT of a tunnel), never to the origin.
 *
 * @example
 * ```ts
 * const auth = proxyAuth({ username: 'alice', password: process.env.PROXY_PASSWORD })
 * got.extend({ agent: proxyAgents({ proxy: 'http://proxy.corp:3128', auth }) })
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` for a username or password that is not a string or
 *   cannot be sent, or an unknown or empty `schemes`.
 */
export function proxyAuth(options: ProxyAuthOptions): ProxyAuth {
  const { username, password, schemes = ['digest', 'basic'] } = options ?? {}
  if (typeof username !== 'string') throw invalidConfig('proxyAuth', 'username must be a string')
  if (typeof password !== 'string') throw invalidConfig('proxyAuth', 'password must be a string')
  if (username.includes(':')) throw invalidConfig('proxyAuth', 'username must not contain ":"')
  if (hasControlCharacter(username) || hasControlCharacter(password)) {
    throw invalidConfig('proxyAuth', 'username and password must not contain control characters')
  }
  if (
    !Array.isArray(schemes) ||
    schemes.length === 0 ||
    schemes.some((scheme) => scheme !== 'basic' && scheme !== 'digest')
  ) {
    throw invalidConfig('proxyAuth', 'schemes must list "basic" and/or "digest"')
  }
  const ordered = (['digest', 'basic'] as const).filter((scheme) => schemes.includes(scheme))
  const auth: ProxyAuth = Object.freeze({ kind: 'proxy-auth', schemes: Object.freeze(ordered) })
  secrets.set(auth, { username, password })
  return auth
}

/** True for credentials made by {@link proxyAuth}. */
export function isProxyAuth(value: unknown): value is ProxyAuth {
  return typeof value === 'object' && value !== null && secrets.has(value as ProxyAuth)
}

/**
 * The `Proxy-Authorization` answering a `407`'s `Proxy-Authenticate` for `request`.
 *
 * @throws `AuthError` `CHALLENGE_FAILED` when no challenge offered can be answered with
 *   the schemes allowed.
 */
export function answerProxyChallenge(
  auth: ProxyAuth,
  proxyAuthenticate: string | null,
  request: ProxyRequest,
): string {
  const secret = secrets.get(auth)
  if (secret === undefined) throw new TypeError('proxy credentials not made by proxyAuth()')
  let challenges: Challenge[] = []
  try {
    challenges = parseChallenges(proxyAuthenticate)
  } catch {
    challenges = []
  }
  if (auth.schemes.includes('digest')) {
    const challenge = chooseChallenge(challenges, new Set(DIGEST_ALGORITHMS))
    if (challenge !== undefined) {
      // A CONNECT has no body: auth-int hashes the empty one.
      const qop = challenge.qops?.includes('auth') ? 'auth' : challenge.qops?.[0]
      const counted = qop && { qop, nc: '00000001', cnonce: randomCnonce() }
      const response = digestResponse({
        algorithm: challenge.algorithm,
        username: secret.username,
        password: secret.password,
        realm: challenge.realm,
        nonce: challenge.nonce,
        method: request.method,
        uri: request.uri,
        ...counted,
        ...(qop === 'auth-int' && { body: new Uint8Array() }),
      })
      const parts = [
        `username=${quoteString(secret.username)}`,
        `realm=${quoteString(challenge.realm)}`,
        `uri=${quoteString(request.uri)}`,
        `algorithm=${challenge.algorithm.name}`,
        `nonce=${quoteString(challenge.nonce)}`,
      ]
      if (counted)
        parts.push(`nc=${counted.nc}`, `cnonce="${counted.cnonce}"`, `qop=${counted.qop}`)
      parts.push(`response="${response}"`)
      if (challenge.opaque !== undefined) parts.push(`opaque=${quoteString(challenge.opaque)}`)
      return `Digest ${parts.join(', ')}`
    }
  }
  if (
    auth.schemes.includes('basic') &&
    challenges.some((challenge) => challenge.scheme === 'basic')
  ) {
    return `Basic ${base64Utf8(`${secret.username}:${secret.password}`)}`
  }
  const offered = [...new Set(challenges.map((challenge) => challenge.scheme))].join(', ') || 'none'
  throw new AuthError(
    CHALLENGE_FAILED,
    `proxy ${request.proxy} asks for authentication (407) with schemes Latchkey cannot answer as configured (offered: ${offered}; allowed: ${auth.schemes.join(', ')})`,
    { status: 407 },
  )
}
