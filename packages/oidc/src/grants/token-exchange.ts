import type { AuthStrategy } from '@latchkey/core'
import { credentialReader, isCredentialToken, optionalString } from '@latchkey/core/strategy'
import * as client from 'openid-client'
import { OidcClient } from '../client.js'
import { type OidcClientOptions, validateClient } from '../config.js'
import { oidcStrategy } from '../strategy.js'

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange'
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token'

/** A token, or a function returning the current one (called for each new exchange). */
export type TokenInput = string | (() => string | Promise<string>)

export interface OidcTokenExchangeOptions extends OidcClientOptions {
  /** The token to exchange, such as the access token your service was called with. */
  readonly subjectToken: TokenInput
  /** Default `urn:ietf:params:oauth:token-type:access_token`. */
  readonly subjectTokenType?: string
  /** The token of whoever acts on the subject's behalf, when the provider asks for one. */
  readonly actorToken?: TokenInput
  /** Default `urn:ietf:params:oauth:token-type:access_token` when `actorToken` is given. */
  readonly actorTokenType?: string
  /** The logical name of the service the token is for (RFC 8693 `audience`). */
  readonly audience?: string
  /** Default: whatever the provider issues (normally an access token). */
  readonly requestedTokenType?: string
}

let instances = 0

/**
 * Token exchange (RFC 8693) for service-to-service delegation: trades the token your
 * service received (`subjectToken`) for one it may use to call the next API, on the
 * same subject's behalf. The result is cached and exchanged again when it expires or
 * an API refuses it.
 *
 * @example
 * ```ts
 * oidc.tokenExchange({
 *   issuer, clientId: 'orders', clientSecret,
 *   subjectToken: incomingAccessToken,
 *   audience: 'billing',
 *   scope: 'invoices:read',
 * })
 * ```
 */
export function tokenExchange(options: OidcTokenExchangeOptions): AuthStrategy {
  const name = 'oidc.tokenExchange'
  const config = validateClient(name, options)
  const subject = tokenInput(name, 'subjectToken', options.subjectToken)
  const actor =
    options.actorToken === undefined
      ? undefined
      : tokenInput(name, 'actorToken', options.actorToken)
  const subjectTokenType = optionalString(name, 'subjectTokenType', options.subjectTokenType, true)
  const actorTokenType = optionalString(name, 'actorTokenType', options.actorTokenType, true)
  const audience = optionalString(name, 'audience', options.audience, true)
  const requestedTokenType = optionalString(
    name,
    'requestedTokenType',
    options.requestedTokenType,
    true,
  )
  const oidcClient = new OidcClient(name, config)
  return oidcStrategy(
    name,
    oidcClient,
    {
      acquire: async (ctx) => {
        const subjectToken = await subject()
        const actorToken = actor && (await actor())
        ctx.flow.secret(subjectToken)
        if (actorToken !== undefined) ctx.flow.secret(actorToken)
        return oidcClient.grant(ctx, (configuration, dpop) =>
          client.genericGrantRequest(
            configuration,
            TOKEN_EXCHANGE,
            oidcClient.parameters({
              subject_token: subjectToken,
              subject_token_type: subjectTokenType ?? ACCESS_TOKEN,
              actor_token: actorToken,
              actor_token_type: actorToken && (actorTokenType ?? ACCESS_TOKEN),
              audience,
              requested_token_type: requestedTokenType,
            }),
            dpop,
          ),
        )
      },
    },
    options,
    [config.issuer.href, config.clientId, config.scope, config.resource, `#${++instances}`],
  )
}

/**
 * Checked like every credential source: a token now (`INVALID_CONFIG`), or a function
 * whose failure or junk fails the exchange with `CREDENTIAL_UNAVAILABLE`.
 */
function tokenInput(strategy: string, name: string, value: TokenInput): () => Promise<string> {
  return credentialReader(strategy, value, isCredentialToken, 'a token of visible ASCII', name)
}
