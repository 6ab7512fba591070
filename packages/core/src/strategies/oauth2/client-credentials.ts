import { optionalString } from '../../errors/validate.js'
import type { AuthStrategy } from '../../flow/types.js'
import { requestToken } from '../../tokens/endpoint.js'
import { type TokenStrategyOptions, tokenStrategy } from '../../tokens/token-strategy.js'
import { type OAuth2ClientOptions, validateClient } from './config.js'

export interface ClientCredentialsOptions extends OAuth2ClientOptions, TokenStrategyOptions {
  /** The `audience` parameter some providers (Auth0) require. */
  readonly audience?: string
  /** RFC 8707 resource indicator. */
  readonly resource?: string
}

/**
 * OAuth 2 client credentials (RFC 6749 section 4.4): machine-to-machine tokens, obtained
 * when first needed, cached, refreshed before they expire and when a server refuses them.
 *
 * @example
 * ```ts
 * oauth2.clientCredentials({
 *   tokenUrl: 'https://auth.example.com/oauth/token',
 *   clientId: 'reporting',
 *   clientSecret: process.env.CLIENT_SECRET,
 *   scope: 'reports:read',
 * })
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` for malformed options. Requests then fail with
 *   `TOKEN_ENDPOINT_ERROR` (unreachable, or an error answer), `INVALID_TOKEN_RESPONSE`,
 *   `RESPONSE_TOO_LARGE`, `TIMEOUT` or `INSECURE_TRANSPORT` (a plain-http endpoint).
 */
export function clientCredentials(options: ClientCredentialsOptions): AuthStrategy {
  const name = 'oauth2.clientCredentials'
  const { endpoint, client } = validateClient(name, options)
  const audience = optionalString(name, 'audience', options.audience)
  const resource = optionalString(name, 'resource', options.resource)
  const params = { grant_type: 'client_credentials', scope: options.scope, audience, resource }
  return tokenStrategy({
    name,
    source: {
      acquire: ({ flow, signal }) =>
        requestToken({ strategy: name, endpoint, client, params, ctx: flow, signal }),
    },
    options,
    defaultKey: `${name} ${endpoint.href} ${client.clientId} ${options.scope ?? ''} ${audience ?? ''} ${resource ?? ''}`,
  })
}
