import { defineStrategy } from '../flow/define-strategy.js'
import { markFixedHeaders } from '../flow/fixed.js'
import { withHeaders } from '../flow/request.js'
import type { AuthStrategy } from '../flow/types.js'
import { isCredentialToken } from '../util/syntax.js'
import { type CredentialSource, credentialReader } from './credential-source.js'

/**
 * A bearer token (RFC 6750): `Authorization: Bearer <token>`.
 *
 * Pass the token, or a function (sync or async) that returns the current one; the
 * function is called for every request. For tokens that expire and must be refreshed,
 * use the OAuth 2 strategies or `tokenLogin()`, which cache and refresh for you.
 *
 * @example
 * ```ts
 * bearer(process.env.API_TOKEN)
 * bearer(async () => vault.read('api-token'))
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` for a token that is neither a usable string nor a
 *   function. A function that throws or returns something unusable fails the request with
 *   `CREDENTIAL_UNAVAILABLE`.
 */
export function bearer(token: CredentialSource): AuthStrategy {
  const read = credentialReader(
    'bearer',
    token,
    isCredentialToken,
    'a non-empty token of visible ASCII characters',
  )
  // A fixed token needs no call per request: the header is built once.
  const fixed = typeof token === 'string' ? { authorization: `Bearer ${token}` } : undefined
  const strategy = defineStrategy({
    name: 'bearer',
    secrets: { headers: ['authorization'], query: [] },
    async *flow(request) {
      yield withHeaders(request, fixed ?? { authorization: `Bearer ${await read()}` })
    },
  })
  // ...and applied without starting the flow at all.
  return fixed === undefined ? strategy : markFixedHeaders(strategy, fixed)
}
