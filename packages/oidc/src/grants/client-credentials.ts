import type { AuthStrategy } from '@latchkey/core'
import * as client from 'openid-client'
import { OidcClient } from '../client.js'
import { type OidcClientOptions, validateClient } from '../config.js'
import { oidcStrategy } from '../strategy.js'

export interface OidcClientCredentialsOptions extends OidcClientOptions {}

/**
 * Client credentials (RFC 6749 section 4.4) from an OpenID provider found by discovery:
 * machine-to-machine tokens, cached, refreshed before they expire and once when an API
 * refuses them. The client authenticates with `client_secret_basic`,
 * `client_secret_post` or `private_key_jwt`; `dpop: true` makes the tokens
 * sender-constrained.
 *
 * @example
 * ```ts
 * oidc.clientCredentials({
 *   issuer: 'https://login.example.com/realms/main',
 *   clientId: 'reporting',
 *   clientSecret: process.env.CLIENT_SECRET,
 *   scope: 'reports:read',
 * })
 * ```
 */
export function clientCredentials(options: OidcClientCredentialsOptions): AuthStrategy {
  const name = 'oidc.clientCredentials'
  const config = validateClient(name, options)
  const oidcClient = new OidcClient(name, config)
  return oidcStrategy(
    name,
    oidcClient,
    {
      acquire: (ctx) =>
        oidcClient.grant(ctx, (configuration, dpop) =>
          client.clientCredentialsGrant(configuration, oidcClient.parameters(), dpop),
        ),
    },
    options,
    [config.issuer.href, config.clientId, config.scope, config.resource],
  )
}
