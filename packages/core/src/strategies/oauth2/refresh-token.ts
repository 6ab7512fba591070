import { requireString } from '../../errors/validate.js'
import type { AuthStrategy } from '../../flow/types.js'
import { requestToken } from '../../tokens/endpoint.js'
import { type TokenStrategyOptions, tokenStrategy } from '../../tokens/token-strategy.js'
import { fingerprint } from '../../util/fingerprint.js'
import { type OAuth2ClientOptions, validateClient } from './config.js'

export interface RefreshTokenOptions extends OAuth2ClientOptions, TokenStrategyOptions {
  /** The refresh token to start from. Rotated ones replace it in the store. */
  readonly refreshToken: string
}

/**
 * OAuth 2 refresh token grant (RFC 6749 section 6): access tokens from a long-lived
 * refresh token, with rotation. A rotated refresh token replaces the old one before
 * anyone resumes, so a single-use refresh token is never sent twice. When the server
 * rejects the refresh token (`invalid_grant`) the stored token is cleared and requests
 * fail with `REFRESH_FAILED`: there is nothing else to fall back on.
 *
 * @example
 * ```ts
 * oauth2.refreshToken({ tokenUrl, clientId: 'cli', refreshToken: saved.refreshToken, store })
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` for malformed options. Requests then fail with
 *   `TOKEN_ENDPOINT_ERROR` (unreachable, or an error answer), `INVALID_TOKEN_RESPONSE`,
 *   `RESPONSE_TOO_LARGE`, `TIMEOUT` or `INSECURE_TRANSPORT` (a plain-http endpoint);
 *   `REFRESH_FAILED` once the refresh token is refused.
 */
export function refreshToken(options: RefreshTokenOptions): AuthStrategy {
  const name = 'oauth2.refreshToken'
  const { endpoint, client } = validateClient(name, options)
  const initialRefreshToken = requireString(name, 'refreshToken', options.refreshToken)
  return tokenStrategy({
    name,
    source: {
      initialRefreshToken,
      refresh: (refresh_token, { flow, signal }) =>
        requestToken({
          strategy: name,
          endpoint,
          client,
          params: { grant_type: 'refresh_token', refresh_token, scope: options.scope },
          ctx: flow,
          signal,
        }),
    },
    options,
    // One refresh token is one grant: two users on one shared store never share a key.
    defaultKey: `${name} ${endpoint.href} ${client.clientId} ${options.scope ?? ''} ${fingerprint(initialRefreshToken)}`,
  })
}
