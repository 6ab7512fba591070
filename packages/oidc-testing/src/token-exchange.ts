import { createLocalJWKSet, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose'
import type {
  Client,
  errors as Errors,
  KoaContextWithOIDC,
  default as Provider,
  ResourceServer,
} from 'oidc-provider'

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange'
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token'

interface ExchangeOptions {
  /** oidc-provider's error classes (the module is loaded once, by the kit). */
  readonly errors: typeof Errors
  readonly audience: string
  /** The provider's public signing keys: subject tokens are its own JWT access tokens. */
  readonly jwks: JSONWebKeySet
  readonly resourceServerInfo: () => ResourceServer
}

/**
 * Token exchange (RFC 8693) for the test provider, which oidc-provider leaves to the
 * deployment: a service presents an access token it received (`subject_token`) and gets
 * one of its own for the API, for the same subject, naming itself as the actor (`act`).
 * Returns the extra claims each issued token carries, for `extraTokenClaims`.
 */
export function registerTokenExchange(
  provider: Provider,
  options: ExchangeOptions,
): WeakMap<object, Record<string, unknown>> {
  const { errors } = options
  const claims = new WeakMap<object, Record<string, unknown>>()
  const keys = createLocalJWKSet(options.jwks)
  const parameters = ['subject_token', 'subject_token_type', 'actor_token', 'actor_token_type']
  const handler = async (ctx: KoaContextWithOIDC) => {
    const params = ctx.oidc.params as Record<string, string | undefined>
    const subjectToken = params.subject_token
    if (!subjectToken) throw new errors.InvalidRequest('missing subject_token')
    if (params.subject_token_type !== ACCESS_TOKEN)
      throw new errors.InvalidRequest('unsupported subject_token_type')
    let subject: JWTPayload
    try {
      subject = (
        await jwtVerify(subjectToken, keys, {
          issuer: provider.issuer,
          audience: options.audience,
          typ: 'at+jwt',
        })
      ).payload
    } catch {
      throw new errors.InvalidGrant('subject_token is not a valid access token')
    }
    const client = ctx.oidc.client as Client
    const scope = params.scope ?? 'read'
    if (subject.sub === undefined) throw new errors.InvalidGrant('subject_token has no subject')
    const grant = new provider.Grant({ accountId: subject.sub, clientId: client.clientId })
    grant.addResourceScope(options.audience, scope)
    const token = new provider.AccessToken({
      accountId: subject.sub,
      client,
      grantId: await grant.save(),
      gty: 'token-exchange',
      scope,
    })
    token.resourceServer = new provider.ResourceServer(
      options.audience,
      options.resourceServerInfo(),
    )
    claims.set(token, { act: { sub: client.clientId } })
    const accessToken = await token.save()
    ctx.body = {
      access_token: accessToken,
      issued_token_type: ACCESS_TOKEN,
      token_type: 'Bearer',
      expires_in: token.expiration,
      scope,
    }
  }
  provider.registerGrantType(TOKEN_EXCHANGE, handler, [
    ...parameters,
    'scope',
    'audience',
    'resource',
  ])
  return claims
}
