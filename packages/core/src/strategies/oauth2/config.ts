import { invalidConfig } from '../../errors/invalid-config.js'
import type { ClientAuthMethod, TokenClient } from '../../tokens/endpoint.js'

/** What every OAuth 2 grant needs to reach the token endpoint. */
export interface OAuth2ClientOptions {
  /** The token endpoint. https, or http on loopback (or with `allowInsecureHttp`). */
  readonly tokenUrl: string | URL
  readonly clientId: string
  /** Omit for a public client. */
  readonly clientSecret?: string
  /**
   * `basic` (client_secret_basic, the default when there is a secret): id and secret
   * form-encoded, then Basic; `post` (client_secret_post): in the body; `none`: public
   * client, id in the body.
   */
  readonly clientAuth?: ClientAuthMethod
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
  const method = clientAuth ?? (clientSecret === undefined ? 'none' : 'basic')
  if (method !== 'basic' && method !== 'post' && method !== 'none') {
    throw invalidConfig(strategy, 'clientAuth must be "basic", "post" or "none"')
  }
  if (method === 'none' && clientSecret !== undefined) {
    throw invalidConfig(
      strategy,
      'clientAuth "none" sends no secret: drop clientSecret or pick "basic" or "post"',
    )
  }
  if (method !== 'none' && clientSecret === undefined) {
    throw invalidConfig(strategy, `clientAuth "${method}" needs a clientSecret`)
  }
  if (scope !== undefined && typeof scope !== 'string')
    throw invalidConfig(strategy, 'scope must be a string')
  return { endpoint, client: { clientId, clientSecret, method } }
}
