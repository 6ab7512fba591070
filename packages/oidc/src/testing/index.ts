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
export { oidcScenarios } from './scenarios.js'
