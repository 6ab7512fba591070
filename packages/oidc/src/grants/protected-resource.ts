import { type AuthStrategy, findChallenge } from '@latchkey/core'
import { defineStrategy } from '@latchkey/core/strategy'
import { invalid } from '../config.js'
import { fetchResourceMetadata } from '../login/resource-metadata.js'
import { authorizationCode, type OidcAuthorizationCodeOptions } from './authorization-code.js'

/** Options of `oidc.protectedResource()`: the API's URL instead of an issuer. */
export interface OidcProtectedResourceOptions
  extends Omit<OidcAuthorizationCodeOptions, 'issuer' | 'resource' | 'discovery'> {
  /** The API: requests to its origin are authenticated, others pass untouched. */
  readonly url: string | URL
  /** Origins besides the API's own that may serve its resource metadata. Default none. */
  readonly allowedMetadataOrigins?: readonly string[]
}

/**
 * A person logs in to an API known by its URL alone (RFC 9728): the first request goes
 * without a token; its 401's `resource_metadata` names the API's metadata, which names
 * its authorization server; that server's metadata comes from RFC 8414 (path-aware) or
 * OpenID discovery. Then the login runs as {@link authorizationCode} does, with the
 * API's identifier as `resource` (RFC 8707), and the request is sent again with the token.
 *
 * The metadata must be on the API's origin (unless in `allowedMetadataOrigins`) and name
 * a resource on it, or requests fail with `DISCOVERY_FAILED`.
 *
 * @example
 * ```ts
 * oidc.protectedResource({ url: 'https://mcp.example.com/', clientId: 'my-cli', onAuthorizationUrl })
 * ```
 */
export function protectedResource(options: OidcProtectedResourceOptions): AuthStrategy {
  const name = 'oidc.protectedResource'
  if (typeof options !== 'object' || options === null)
    throw invalid(name, 'expected an options object')
  let api: URL
  try {
    api = new URL(options.url)
  } catch {
    throw invalid(name, 'url must be the API as an absolute URL')
  }
  const { url: _url, allowedMetadataOrigins = [], ...login } = options
  if (
    !Array.isArray(allowedMetadataOrigins) ||
    !allowedMetadataOrigins.every((origin) => typeof origin === 'string')
  )
    throw invalid(name, 'allowedMetadataOrigins must be a list of origins')
  const allowed = allowedMetadataOrigins.map((origin) => new URL(origin).origin)
  // Validates every login option now, without reaching anything.
  authorizationCode({ ...login, issuer: api.origin })
  let discovered: Promise<AuthStrategy> | undefined

  return defineStrategy({
    name,
    secrets: { headers: ['authorization', 'dpop'], query: [] },
    async *flow(request, ctx) {
      if (new URL(request.url).origin !== api.origin) {
        yield request
        return
      }
      if (discovered === undefined) {
        const response = yield request
        const metadataUrl = findChallenge(response.headers, 'Bearer')?.params.get(
          'resource_metadata',
        )
        if (response.status !== 401 || metadataUrl === undefined) return
        discovered ??= fetchResourceMetadata(name, api, metadataUrl, allowed, ctx).then(
          (metadata) =>
            authorizationCode({
              ...login,
              issuer: metadata.authorizationServer,
              resource: metadata.resource,
              discovery: 'auto',
            }),
        )
        discovered.catch(() => {
          discovered = undefined
        })
      }
      yield* (await discovered).flow(request, ctx)
    },
  })
}
