import type { ClientAuthMethod, TokenOptions, TokenPlacement } from '@latchkey/core'
import { invalidConfig, optionalString, requireString } from '@latchkey/core/strategy'
// openid-client's key types are Web Crypto's, spelled without the DOM lib, so these
// declarations compile for Node.js consumers (types: ["node"]) and browser ones alike.
import type {
  JWK,
  CryptoKey as WebCryptoKey,
  CryptoKeyPair as WebCryptoKeyPair,
} from 'openid-client'

export type { ClientAuthMethod }

/**
 * A private key for `private_key_jwt` (RFC 7523): a `CryptoKey`, a private JWK, or a
 * PKCS#8 PEM string. It signs short-lived assertions and is never sent.
 */
export type PrivateKeyInput = WebCryptoKey | JWK | string

/** What every OpenID Connect strategy needs. */
export interface OidcClientOptions extends TokenOptions {
  /**
   * The issuer identifier, e.g. `https://login.example.com/realms/main`. Discovery reads
   * `<issuer>/.well-known/openid-configuration`, and the document must name exactly this
   * issuer (a trailing slash counts), or requests fail with `DISCOVERY_FAILED`.
   */
  readonly issuer: string | URL
  /** The client id registered with the provider. */
  readonly clientId: string
  /** The client secret, for a confidential client (`client_secret_basic` or `_post`); never in an error. */
  readonly clientSecret?: string
  /** The key that signs `private_key_jwt` client assertions; never sent. */
  readonly privateKey?: PrivateKeyInput
  /**
   * `kid` of `privateKey`, when the provider needs it to pick the key.
   *
   * @defaultValue the JWK's `kid`
   */
  readonly keyId?: string
  /**
   * JWS algorithm for `privateKey` (`ES256`, `RS256`, `PS256`, `EdDSA`, ...).
   *
   * @defaultValue from the key
   */
  readonly keyAlgorithm?: string
  /**
   * How the client authenticates to the token endpoint (core's RFC 7591 names). The
   * default follows what you give: `privateKey` -> `private_key_jwt`, `clientSecret` ->
   * `client_secret_basic`, neither -> `none` (a public client, such as a command-line tool).
   */
  readonly clientAuth?: ClientAuthMethod
  /** The `scope` to ask for, space-separated (`openid profile`); omitted when not given. */
  readonly scope?: string
  /** RFC 8707 resource indicator: the API the token is for. */
  readonly resource?: string
  /**
   * Which metadata document describes the issuer: `openid` (default) reads
   * `/.well-known/openid-configuration`; `oauth` the RFC 8414 path-aware
   * `/.well-known/oauth-authorization-server`; `auto` the RFC 8414 one, then OpenID's.
   */
  readonly discovery?: 'openid' | 'oauth' | 'auto'
  /**
   * Sender-constrained tokens (DPoP, RFC 9449): `true` makes a fresh ES256 key pair for
   * this strategy; or pass your own `CryptoKeyPair` (the public key extractable). Tokens
   * are then sent as `Authorization: DPoP <token>` with a new proof on every request.
   */
  readonly dpop?: boolean | WebCryptoKeyPair
  /**
   * Where the token goes (not with `dpop`).
   *
   * @defaultValue `Authorization: Bearer <token>`
   */
  readonly apply?: TokenPlacement
}

/** Options after validation: what the strategies build on. */
export interface ValidatedClient {
  readonly issuer: URL
  /** Undefined only for a login that registers its client (RFC 7591). */
  readonly clientId: string | undefined
  readonly auth: ClientAuthMethod
  readonly clientSecret: string | undefined
  readonly privateKey: PrivateKeyInput | undefined
  readonly keyId: string | undefined
  readonly keyAlgorithm: string | undefined
  readonly scope: string | undefined
  readonly resource: string | undefined
  readonly discovery: 'openid' | 'oauth' | 'auto'
  readonly dpop: true | WebCryptoKeyPair | undefined
}

/** Core's construction-time error, under the name every oidc module already uses. */
export const invalid = invalidConfig

/**
 * Validates the options every OIDC strategy shares; throws `INVALID_CONFIG`. With
 * `registers`, `clientId` may be left out: the login registers a public client (RFC 7591).
 */
export function validateClient(
  strategy: string,
  options: Omit<OidcClientOptions, 'clientId'> & { readonly clientId?: string },
  registers = false,
): ValidatedClient {
  if (typeof options !== 'object' || options === null)
    throw invalid(strategy, 'expected an options object')
  const issuer = validateIssuer(strategy, options.issuer)
  const clientId =
    registers && options.clientId === undefined
      ? undefined
      : requireString(strategy, 'clientId', options.clientId)
  if (
    clientId === undefined &&
    (options.clientSecret !== undefined ||
      options.privateKey !== undefined ||
      options.clientAuth !== undefined)
  )
    throw invalid(
      strategy,
      'clientSecret, privateKey and clientAuth need a clientId (without one, a public client is registered)',
    )
  const clientSecret = optionalString(strategy, 'clientSecret', options.clientSecret, true)
  const privateKey = validatePrivateKey(strategy, options.privateKey)
  const keyId = optionalString(strategy, 'keyId', options.keyId, true)
  const keyAlgorithm = optionalString(strategy, 'keyAlgorithm', options.keyAlgorithm, true)
  const scope = optionalString(strategy, 'scope', options.scope)
  const resource = validateResource(strategy, options.resource)
  const auth = validateAuth(strategy, options.clientAuth, clientSecret, privateKey)
  const dpop = validateDpop(strategy, options.dpop)
  const discovery = options.discovery ?? 'openid'
  if (!['openid', 'oauth', 'auto'].includes(discovery))
    throw invalid(strategy, 'discovery must be "openid", "oauth" or "auto"')
  if (dpop !== undefined && options.apply !== undefined)
    throw invalid(strategy, 'apply cannot be used with dpop: DPoP tokens go in Authorization')
  return {
    issuer,
    clientId,
    auth,
    clientSecret,
    privateKey,
    keyId,
    keyAlgorithm,
    scope,
    resource,
    discovery,
    dpop,
  }
}

function validateIssuer(strategy: string, value: unknown): URL {
  let url: URL
  try {
    url = new URL(value as string | URL)
  } catch {
    throw invalid(strategy, 'issuer must be an absolute URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalid(strategy, 'issuer must be an http(s) URL')
  if (url.username || url.password || url.search || url.hash)
    throw invalid(strategy, 'issuer must not carry userinfo, a query or a fragment')
  return url
}

function validateAuth(
  strategy: string,
  value: unknown,
  clientSecret: string | undefined,
  privateKey: PrivateKeyInput | undefined,
): ClientAuthMethod {
  if (clientSecret !== undefined && privateKey !== undefined)
    throw invalid(strategy, 'give clientSecret or privateKey, not both')
  const auth: unknown =
    value ??
    (privateKey !== undefined
      ? 'private_key_jwt'
      : clientSecret !== undefined
        ? 'client_secret_basic'
        : 'none')
  switch (auth) {
    case 'client_secret_basic':
    case 'client_secret_post':
      if (clientSecret === undefined)
        throw invalid(strategy, `clientAuth "${auth}" needs a clientSecret`)
      return auth as ClientAuthMethod
    case 'private_key_jwt':
      if (privateKey === undefined)
        throw invalid(strategy, 'clientAuth "private_key_jwt" needs a privateKey')
      return auth as ClientAuthMethod
    case 'none':
      if (clientSecret !== undefined || privateKey !== undefined)
        throw invalid(strategy, 'clientAuth "none" takes no clientSecret or privateKey')
      return auth as ClientAuthMethod
    default:
      throw invalid(
        strategy,
        'clientAuth must be "client_secret_basic", "client_secret_post", "private_key_jwt" or "none"',
      )
  }
}

function validatePrivateKey(strategy: string, value: unknown): PrivateKeyInput | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string') {
    if (!/-----BEGIN PRIVATE KEY-----/.test(value))
      throw invalid(
        strategy,
        'privateKey must be a PKCS#8 PEM ("BEGIN PRIVATE KEY"), a JWK or a CryptoKey',
      )
    return value
  }
  if (typeof CryptoKey !== 'undefined' && value instanceof CryptoKey) {
    if (value.type !== 'private') throw invalid(strategy, 'privateKey must be a private key')
    return value
  }
  if (typeof value === 'object' && value !== null) {
    const jwk = value as JsonWebKey
    if (typeof jwk.kty !== 'string' || typeof jwk.d !== 'string')
      throw invalid(strategy, 'privateKey as a JWK must be a private key (kty and d)')
    return jwk
  }
  throw invalid(strategy, 'privateKey must be a PKCS#8 PEM, a JWK or a CryptoKey')
}

const SIGNING_ALGORITHMS = ['ECDSA', 'RSASSA-PKCS1-v1_5', 'RSA-PSS', 'Ed25519']

function validateDpop(strategy: string, value: unknown): true | WebCryptoKeyPair | undefined {
  if (value === undefined || value === false) return undefined
  if (value === true) return true
  const pair = value as Partial<CryptoKeyPair>
  const isKey = (key: unknown): key is CryptoKey =>
    typeof CryptoKey !== 'undefined' && key instanceof CryptoKey
  if (
    typeof value !== 'object' ||
    value === null ||
    !isKey(pair.privateKey) ||
    !isKey(pair.publicKey) ||
    pair.privateKey.type !== 'private' ||
    pair.publicKey.type !== 'public'
  ) {
    throw invalid(strategy, 'dpop must be true, or a CryptoKeyPair')
  }
  if (!SIGNING_ALGORITHMS.includes(pair.privateKey.algorithm.name))
    throw invalid(strategy, 'dpop: the key pair must be for signing (ECDSA, RSA or Ed25519)')
  if (!pair.publicKey.extractable)
    throw invalid(strategy, 'dpop: the public key must be extractable (it travels in every proof)')
  return pair as WebCryptoKeyPair
}

function validateResource(strategy: string, value: unknown): string | undefined {
  const resource = optionalString(strategy, 'resource', value, true)
  if (resource === undefined) return undefined
  let url: URL
  try {
    url = new URL(resource)
  } catch {
    throw invalid(strategy, 'resource must be an absolute URI (RFC 8707)')
  }
  if (url.hash) throw invalid(strategy, 'resource must not have a fragment (RFC 8707)')
  return resource
}
