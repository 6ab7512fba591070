import type { AuthStrategy } from '@latchkey/core'
import { requireString } from '@latchkey/core/strategy'
import { SignJWT } from 'jose'
import * as client from 'openid-client'
import { OidcClient } from '../client.js'
import { importPrivateKey, once } from '../client-auth.js'
import { invalid, type OidcClientOptions, type PrivateKeyInput, validateClient } from '../config.js'
import { oidcStrategy } from '../strategy.js'

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'

/** The assertion a service account signs (RFC 7523 section 3). */
export interface JwtBearerAssertion {
  /** The account's private key: a `CryptoKey`, a private JWK or a PKCS#8 PEM. Never sent. */
  readonly privateKey: PrivateKeyInput
  /** `kid` of the key. Default: the JWK's `kid`. */
  readonly keyId?: string
  /** JWS algorithm. Default: from the key. */
  readonly keyAlgorithm?: string
  /** `iss`: the account, e.g. its e-mail address. */
  readonly issuer: string
  /** `sub`: whom the token is for, when not the account itself (delegation). */
  readonly subject?: string
  /** `aud`. Default: the provider's token endpoint. */
  readonly audience?: string
  /** Seconds the assertion is valid. Default 300. */
  readonly lifetime?: number
  /** Further claims the provider expects. */
  readonly claims?: Readonly<Record<string, unknown>>
}

export interface OidcJwtBearerOptions extends OidcClientOptions {
  /** The JWT presented as the grant, and how it is made. */
  readonly assertion: JwtBearerAssertion
}

/**
 * The JWT bearer grant (RFC 7523 section 2.1), as service accounts use it: a short-lived
 * assertion signed with the account's private key (a new `jti` each time) is traded for
 * an access token, cached and obtained again when it expires or an API refuses it.
 *
 * @example
 * ```ts
 * oidc.jwtBearer({
 *   issuer, clientId: 'reports',
 *   assertion: { privateKey: account.private_key, issuer: account.client_email },
 *   scope: 'reports:read',
 * })
 * ```
 */
export function jwtBearer(options: OidcJwtBearerOptions): AuthStrategy {
  const name = 'oidc.jwtBearer'
  const config = validateClient(name, options)
  const assertion = options.assertion
  if (typeof assertion !== 'object' || assertion === null)
    throw invalid(name, 'assertion must be an object with privateKey and issuer')
  const iss = requireString(name, 'assertion.issuer', assertion.issuer)
  const lifetime = assertion.lifetime ?? 300
  if (typeof lifetime !== 'number' || !(lifetime > 0) || lifetime > 3600)
    throw invalid(name, 'assertion.lifetime must be 1 to 3600 seconds')
  // The key is checked like a private_key_jwt key, then imported once, when first needed.
  const checked = validateClient(name, {
    issuer: config.issuer,
    clientId: iss,
    privateKey: assertion.privateKey,
  })
  const key = once(() =>
    importPrivateKey(name, checked.privateKey as PrivateKeyInput, assertion.keyAlgorithm),
  )
  const kid = assertion.keyId ?? (assertion.privateKey as { kid?: unknown }).kid
  const oidcClient = new OidcClient(name, config)
  return oidcStrategy(
    name,
    oidcClient,
    {
      acquire: async (ctx) => {
        const metadata = await oidcClient.metadata(ctx)
        const signingKey = await key()
        const now = Math.floor(Date.now() / 1000)
        const jwt = await new SignJWT({ ...assertion.claims })
          .setProtectedHeader({
            alg: algorithmOf(signingKey, assertion.keyAlgorithm),
            typ: 'JWT',
            ...(typeof kid === 'string' && { kid }),
          })
          .setIssuer(iss)
          .setSubject(assertion.subject ?? iss)
          .setAudience(assertion.audience ?? (metadata.token_endpoint as string))
          .setIssuedAt(now)
          .setExpirationTime(now + lifetime)
          .setJti(crypto.randomUUID())
          .sign(signingKey)
        ctx.flow.secret(jwt)
        return oidcClient.grant(ctx, (configuration, dpop) =>
          client.genericGrantRequest(
            configuration,
            JWT_BEARER,
            oidcClient.parameters({ assertion: jwt }),
            dpop,
          ),
        )
      },
    },
    options,
    [config.issuer.href, config.clientId, config.scope, config.resource, iss, assertion.subject],
  )
}

function algorithmOf(key: CryptoKey, given: string | undefined): string {
  if (given) return given
  const algorithm = key.algorithm as { name: string; namedCurve?: string; hash?: { name: string } }
  switch (algorithm.name) {
    case 'ECDSA':
      return (
        { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[algorithm.namedCurve ?? ''] ??
        'ES256'
      )
    case 'RSASSA-PKCS1-v1_5':
      return `RS${algorithm.hash?.name.slice(4) ?? '256'}`
    case 'RSA-PSS':
      return `PS${algorithm.hash?.name.slice(4) ?? '256'}`
    default:
      return 'EdDSA'
  }
}
