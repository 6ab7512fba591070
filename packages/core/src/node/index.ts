/**
 * `@latchkey/core/node`: the Node.js side of client certificates. Adapters use it to load
 * `mtls()` material (files, rotation) and cache one agent per certificate; users use
 * {@link mtlsTransport} to reach token endpoints with the same certificate, and
 * {@link proxyAgents} / {@link proxyConnector} to go through an authenticating proxy. Never
 * imported by `@latchkey/core` itself, which stays web-standard.
 */
export { type AgentFactory, CertificateAgents } from './agents.js'
export { type FileTokenStoreOptions, fileTokenStore } from './file-store.js'
export { certificateAgent, retireAgent } from './https-agent.js'
export { CertificateLoader, type LoadedCertificate, type TlsOptions } from './material.js'
export {
  type ProxyAgents,
  type ProxyAgentsOptions,
  type ProxyNamed,
  proxyAgents,
} from './proxy/agents.js'
export {
  type ConnectorCallback,
  type ConnectorTarget,
  type ProxyConnector,
  type ProxyConnectorOptions,
  proxyConnector,
} from './proxy/connector.js'
export type { ProxyTunnelOptions } from './proxy/options.js'
export { mtlsTransport } from './transport.js'
