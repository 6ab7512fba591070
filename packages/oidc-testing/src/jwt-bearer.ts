import { importJWK, type JWK, type JWTPayload, jwtVerify } from 'jose'
import type {
  Client,
  errors as Errors,
  KoaContextWithOIDC,
  default as Provider,
  ResourceServer,
} from 'oidc-provider'

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

interface JwtBearerOptions {
  readonly errors: typeof Errors
  readonly audience: string
  /** The service account the provider trusts: assertions it signs name it as `iss`. */
  readonly serviceAccount: { readonly id: string; readonly publicKey: JWK }
  readonly resourceServerInfo: () => ResourceServer
}

/**
 * The JWT bearer grant (RFC 7523 section 2.1) for the test provider, as service accounts
 * use it: an assertion signed with the account's private key (`iss` the account, `aud`
 * the token endpoint or the issuer, `exp` within the hour, a `jti` used once) is traded
 * for an access token for its `sub` (the account itself when absent).
 */
export function registerJwtBearer(provider: Provider, options: JwtBearerOptions): void {
  const { errors, serviceAccount } = options
  const seen = new Set<string>()
  const handler = async (ctx: KoaContextWithOIDC) => {
    const assertion = (ctx.oidc.params as Record<string, string | undefined>).assertion
    if (!assertion) throw new errors.InvalidRequest('missing assertion')
    let claims: JWTPayload
    try {
      const key = await importJWK(serviceAccount.publicKey, 'ES256')
      claims = (
        await jwtVerify(assertion, key, {
          issuer: serviceAccount.id,
          audience: [`${provider.issuer}/token`, provider.issuer],
          requiredClaims: ['exp', 'jti'],
          maxTokenAge: '1h',
        })
      ).payload
    } catch {
      throw new errors.InvalidGrant('the assertion is not valid')
    }
    if (seen.has(claims.jti as string)) throw new errors.InvalidGrant('the assertion was replayed')
    seen.add(claims.jti as string)
    const client = ctx.oidc.client as Client
    const scope = (ctx.oidc.params as { scope?: string }).scope ?? 'read'
    const accountId = claims.sub ?? serviceAccount.id
    const grant = new provider.Grant({ accountId, clientId: client.clientId })
    grant.addResourceScope(options.audience, scope)
    const token = new provider.AccessToken({
      accountId,
      client,
      grantId: await grant.save(),
      gty: 'jwt-bearer',
      scope,
    })
    token.resourceServer = new provider.ResourceServer(
      options.audience,
      options.resourceServerInfo(),
    )
    ctx.body = {
      access_token: await token.save(),
      token_type: 'Bearer',
      expires_in: token.expiration,
      scope,
    }
  }
  provider.registerGrantType(JWT_BEARER, handler, ['assertion', 'scope', 'resource'])
}
