import { requireString } from '../../errors/validate.js'
import type { AuthStrategy } from '../../flow/types.js'
import { requestToken } from '../../tokens/endpoint.js'
import type { GrantContext } from '../../tokens/engine.js'
import { type TokenStrategyOptions, tokenStrategy } from '../../tokens/token-strategy.js'
import { type OAuth2ClientOptions, validateClient } from './config.js'

export interface PasswordOptions extends OAuth2ClientOptions, TokenStrategyOptions {
  /** The resource owner's username. */
  readonly username: string
  /** The resource owner's password; a secret, never in an error. */
  readonly password: string
}

/**
 * OAuth 2 resource owner password grant (RFC 6749 section 4.3). Legacy, and deprecated by
 * OAuth 2.1, but still common with internal services. Uses the refresh token when the
 * server issues one, and logs in again when it is rejected.
 *
 * @example
 * ```ts
 * oauth2.password({ tokenUrl, clientId: 'internal', username: 'svc', password: process.env.SVC_PASSWORD })
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` for malformed options. Requests then fail with
 *   `TOKEN_ENDPOINT_ERROR` (unreachable, or an error answer), `INVALID_TOKEN_RESPONSE`,
 *   `RESPONSE_TOO_LARGE`, `TIMEOUT` or `INSECURE_TRANSPORT` (a plain-http endpoint).
 */
export function password(options: PasswordOptions): AuthStrategy {
  const name = 'oauth2.password'
  const { endpoint, client } = validateClient(name, options)
  const username = requireString(name, 'username', options.username)
  const secret = requireString(name, 'password', options.password)
  const grant = (params: Record<string, string | undefined>, { flow, signal }: GrantContext) =>
    requestToken({ strategy: name, endpoint, client, params, ctx: flow, signal })
  return tokenStrategy({
    name,
    source: {
      acquire: (ctx) =>
        grant({ grant_type: 'password', username, password: secret, scope: options.scope }, ctx),
      refresh: (refresh_token, ctx) => grant({ grant_type: 'refresh_token', refresh_token }, ctx),
    },
    options,
    defaultKey: `${name} ${endpoint.href} ${client.clientId} ${username} ${options.scope ?? ''}`,
  })
}
