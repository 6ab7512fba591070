/**
 * The OpenID provider and protected API alone, without the vitest scenarios: for demos
 * and tests that bring their own runner.
 */
export type { AuthorizeOptions } from './interactions.js'
export {
  type OidcProvider,
  type OidcProviderOptions,
  type ProviderClients,
  type ProviderHop,
  type ProviderSettings,
  startOidcProvider,
} from './provider.js'
export type {
  AcceptedRequest,
  RefusedRequest,
  ResourceServer,
  ResourceServerSettings,
} from './resource-server.js'
