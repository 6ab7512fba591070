import { invalidConfig } from '../../errors/invalid-config.js'
import type { SecretClientAuthMethod, TokenClient } from '../../tokens/endpoint.js'

/** What every OAuth 2 grant needs to reach the token endpoint. */
export interface OAuth2ClientOptions {
  /** The token endpoint. https, or http on loopback (or with `allowInsecureHttp`). */
  readonly tokenUrl: string | URL
  /** The OAuth `client_id`. */
  readonly clientId: string
  /** Omit for a public client. */
  readonly clientSecret?: string
  /**
   * RFC 7591 names, as `@latchkey/oidc` takes them: `client_secret_basic` (the default
   * when there is a secret): id and secret form-encoded, then Basic;
   * `client_secret_post`: in the body; `none` (the default without one): a public client,
   * its id in the body. For `private_key_jwt`, use `@latchkey/oidc`.
   */
  readonly clientAuth?: SecretClientAuthMethod
  /** The `scope` to ask for (space-separated); omitted when not given. */
  readonly scope?: string
}

export interface ValidatedClient {
  readonly endpoint: URL
  readonly client: TokenClient
}

export function validateClient(strategy: string, options: OAuth2ClientOptions): ValidatedClient {
  if (typeof options !== 'object' || options === null)
    throw invalidConfig(strategy, 'expected an options object')
  const { tokenUrl, clientId, clientSecret, clientAuth, scope } = options
  let endpoint: URL
  try {
    endpoint = new URL(tokenUrl)
  } catch {
    throw invalidConfig(strategy, 'tokenUrl must be an absolute URL')
  }
  if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:') {
    throw invalidConfig(strategy, 'tokenUrl must be an http(s) URL')
  }
  if (endpoint.username || endpoint.password || endpoint.hash) {
    throw invalidConfig(strategy, 'tokenUrl must not carry userinfo or a fragment')
  }
  if (typeof clientId !== 'string' || clientId.length === 0)
    throw invalidConfig(strategy, 'clientId is required')
  if (
    clientSecret !== undefined &&
    (typeof clientSecret !== 'string' || clientSecret.length === 0)
  ) {
    throw invalidConfig(strategy, 'clientSecret must be a non-empty string')
  }
  const method = clientAuth ?? (clientSecret === undefined ? 'none' : 'client_secret_basic')
  validateMethod(strategy, method)
  if (method === 'none' && clientSecret !== undefined) {
    throw invalidConfig(
      strategy,
      'clientAuth "none" sends no secret: drop clientSecret or pick "client_secret_basic" or "client_secret_post"',
    )
  }
  if (method !== 'none' && clientSecret === undefined) {
    throw invalidConfig(strategy, `clientAuth "${method}" needs a clientSecret`)
  }
  if (scope !== undefined && typeof scope !== 'string')
    throw invalidConfig(strategy, 'scope must be a string')
  return { endpoint, client: { clientId, clientSecret, method } }
}

const METHODS: readonly string[] = ['client_secret_basic', 'client_secret_post', 'none']
/** The short names of Latchkey 0.x before it took RFC 7591's. */
const RENAMED: Readonly<Record<string, string>> = {
  basic: 'client_secret_basic',
  post: 'client_secret_post',
}

function validateMethod(
  strategy: string,
  method: unknown,
): asserts method is SecretClientAuthMethod {
  if (typeof method === 'string' && METHODS.includes(method)) return
  if (typeof method === 'string' && RENAMED[method] !== undefined)
    throw invalidConfig(strategy, `clientAuth "${method}" is now "${RENAMED[method]}" (RFC 7591)`)
  if (method === 'private_key_jwt')
    throw invalidConfig(strategy, 'clientAuth "private_key_jwt" is in @latchkey/oidc')
  throw invalidConfig(
    strategy,
    'clientAuth must be "client_secret_basic", "client_secret_post" or "none"',
  )
}
