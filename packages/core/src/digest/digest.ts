import { findChallenges } from '../challenge/find.js'
import { AuthError } from '../errors/auth-error.js'
import { CHALLENGE_FAILED } from '../errors/codes.js'
import { invalidConfig } from '../errors/invalid-config.js'
import { defineStrategy } from '../flow/define-strategy.js'
import { withHeaders } from '../flow/request.js'
import type { AuthRequest, AuthStrategy } from '../flow/types.js'
import { hasControlCharacter } from '../util/syntax.js'
import { DIGEST_ALGORITHMS, type DigestAlgorithmName } from './algorithms.js'
import { authorization, type Credentials } from './authorization.js'
import { chooseChallenge } from './challenge.js'
import { type NonceState, ProtectionSpaces } from './protection-spaces.js'

/** Options of {@link digest}. */
export interface DigestOptions {
  /** The username. */
  readonly username: string
  /** The password; never sent, and never in an error. */
  readonly password: string
  /**
   * The algorithms this client may answer with. Default: all of them. Leave out `MD5` and
   * `MD5-sess` to refuse servers (or anyone between) that offer nothing stronger.
   */
  readonly algorithms?: readonly DigestAlgorithmName[]
}

/**
 * HTTP Digest (RFC 7616): answers a server's `401` challenge with a hash of the
 * credentials, the nonce and the request, never the password itself.
 *
 * - Algorithms `SHA-512-256`, `SHA-256` and `MD5`, and their `-sess` variants, as the
 *   server offers them; with several challenges, the strongest allowed one is answered.
 * - `qop=auth-int` (the body's exact bytes are hashed) is preferred when offered; a
 *   one-shot body can only be answered with `auth`, and fails with `BODY_NOT_REPLAYABLE`
 *   where only `auth-int` is offered. Servers without qop (RFC 2069) work too.
 * - `userhash=true` is honoured. A non-ASCII username goes as `username*` (RFC 8187) when
 *   the challenge says `charset=UTF-8`, else as its raw UTF-8 bytes in `username` (what
 *   Apache and RFC 2617 servers compare against their user files).
 * - After the first challenge, later requests to the same protection space authenticate
 *   at once with a cached nonce (one round trip), each with its own `nc`. A nonce serves
 *   one request at a time, so `nc` reaches strict servers (Apache's `AuthDigestNcCheck On`)
 *   in order; a request that finds every nonce busy gets a challenge of its own, unless the
 *   server hands everyone the same nonce. A `stale=true`
 *   challenge is answered once with the new nonce; refused credentials are retried once,
 *   then the `401` goes to the caller.
 * - `CHALLENGE_FAILED` when the server offers only Digest challenges this client cannot
 *   answer (an unknown algorithm or qop).
 *
 * The strategy keeps what it learned (protection spaces, nonces, counters) for its own
 * lifetime: share one instance between requests to benefit from it.
 *
 * @example
 * ```ts
 * const api = withAuth(ky.create({ prefixUrl: 'https://camera.local' }),
 *   digest({ username: 'admin', password: process.env.CAMERA_PASSWORD }))
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` for a username or password that is not a string or
 *   holds control characters, or an unknown algorithm. Requests fail with `CHALLENGE_FAILED`
 *   or `BODY_NOT_REPLAYABLE` as listed above.
 */
export function digest(options: DigestOptions): AuthStrategy {
  const { username, password, algorithms = DIGEST_ALGORITHMS } = options ?? {}
  if (typeof username !== 'string') throw invalidConfig('digest', 'username must be a string')
  if (typeof password !== 'string') throw invalidConfig('digest', 'password must be a string')
  if (hasControlCharacter(username) || hasControlCharacter(password)) {
    throw invalidConfig('digest', 'username and password must not contain control characters')
  }
  if (
    !Array.isArray(algorithms) ||
    algorithms.length === 0 ||
    !algorithms.every((name) => DIGEST_ALGORITHMS.includes(name))
  ) {
    throw invalidConfig(
      'digest',
      `algorithms must be a non-empty list of ${DIGEST_ALGORITHMS.join(', ')}`,
    )
  }
  const credentials: Credentials = { username, password }
  const allowed = new Set<DigestAlgorithmName>(algorithms)
  const spaces = new ProtectionSpaces()
  const sign = async (request: AuthRequest, state: NonceState) =>
    withHeaders(request, { authorization: await authorization(request, state, credentials) })

  return defineStrategy({
    name: 'digest',
    secrets: { headers: ['authorization'], query: [] },
    async *flow(request, ctx) {
      // Never sent, but a server that knows it may echo it: it must not show in an error.
      ctx.secret(password)
      let held = spaces.take(request.url)
      try {
        let response = yield held ? await sign(request, held) : request
        /** Whether the last request carried credentials, and whether they answered a challenge of this flow. */
        let sent: 'none' | 'cached' | 'fresh' = held ? 'cached' : 'none'
        let staleRetried = false
        while (response.status === 401) {
          const offered = findChallenges(response.headers, 'digest')
          if (offered.length === 0) return
          const challenge = chooseChallenge(offered, allowed)
          if (challenge === undefined) {
            throw new AuthError(
              CHALLENGE_FAILED,
              `digest: ${request.url.origin} offers no Digest challenge this client can answer (algorithm or qop not supported)`,
              { response },
            )
          }
          if (sent !== 'none') {
            // A stale nonce is renewal, not refusal; an answer to a fresh challenge refused means wrong credentials.
            if (challenge.stale && !staleRetried) staleRetried = true
            else if (sent === 'fresh') return
          }
          const previous = held
          held = undefined
          previous?.release()
          held = spaces.adopt(request.url, challenge, previous)
          response = yield await sign(request, held)
          sent = 'fresh'
        }
      } finally {
        // The response has arrived (or never will): the server has counted this nc.
        held?.release()
      }
    },
  })
}
