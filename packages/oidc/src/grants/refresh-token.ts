import type { AuthStrategy } from '@latchkey/core'
import { requireString } from '@latchkey/core/strategy'
import * as client from 'openid-client'
import { OidcClient } from '../client.js'
import { type OidcClientOptions, validateClient } from '../config.js'
import { oidcStrategy } from '../strategy.js'

export interface OidcRefreshTokenOptions extends OidcClientOptions {
  /** The refresh token to start from. Rotated ones replace it in the store. */
  readonly refreshToken: string
}

/**
 * Access tokens from a refresh token (RFC 6749 section 6), at an OpenID provider found
 * by discovery. Rotation is handled by the token engine: a new refresh token replaces
 * the old one before anyone resumes, so a single-use one is never sent twice. When the
 * provider refuses it (`invalid_grant`: revoked, expired, reused) requests fail with
 * `REFRESH_FAILED` and the stored token is cleared.
 *
 * @example
 * ```ts
 * oidc.refreshToken({ issuer, clientId: 'cli', refreshToken: saved.refreshToken, store })
 * ```
 */
export function refreshToken(options: OidcRefreshTokenOptions): AuthStrategy {
  const name = 'oidc.refreshToken'
  const config = validateClient(name, options)
  const initialRefreshToken = requireString(name, 'refreshToken', options.refreshToken)
  const oidcClient = new OidcClient(name, config)
  return oidcStrategy(
    name,
    oidcClient,
    {
      initialRefreshToken,
      refresh: (refreshToken, ctx) =>
        oidcClient.grant(ctx, (configuration, dpop) =>
          client.refreshTokenGrant(configuration, refreshToken, oidcClient.parameters(), dpop),
        ),
    },
    options,
    [config.issuer.href, config.clientId, config.scope, config.resource],
  )
}
