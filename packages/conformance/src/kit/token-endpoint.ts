import { type AuthStrategy, oauth2 } from '@latchkey/core'
import { SENTINEL } from '../sentinels.js'
import type { Kit } from './kit.js'
import { OAuthServer, type TokenEndpointMode } from './oauth-server.js'

/** What {@link tokenEndpointIn} sets up. */
export interface TokenEndpointIn {
  /** The endpoint: its `mode` can change mid-test, `tokenRequests` counts what reached it. */
  readonly server: OAuthServer
  /** `oauth2.clientCredentials` against it. */
  readonly strategy: AuthStrategy
}

/**
 * A token endpoint on the kit at `/oauth` that behaves as `mode`, and a client-credentials
 * strategy that uses it (its secret the sentinel). The API behind it is `/oauth/api/...`;
 * `server.tokenRequests` counts what reached the endpoint.
 */
export function tokenEndpointIn(
  kit: Kit,
  mode: TokenEndpointMode,
  options: { readonly timeout?: number } = {},
): TokenEndpointIn {
  const server = new OAuthServer({ clientId: 'final', clientSecret: SENTINEL.clientSecret })
  server.mode = mode
  kit.handle('/oauth', server.handler)
  const strategy = oauth2.clientCredentials({
    tokenUrl: `${kit.http}/oauth/token`,
    clientId: 'final',
    clientSecret: SENTINEL.clientSecret,
    ...options,
  })
  return { server, strategy }
}
