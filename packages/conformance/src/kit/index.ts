export { type ApacheDigest, apacheAvailable, startApacheDigest } from './apache.js'
export {
  createTestPki,
  encryptKey,
  type KeyPair,
  type TestPki,
  toPkcs12,
} from './certificates.js'
export {
  createDigestServer,
  type DigestServer,
  type DigestServerOptions,
  type DigestVerdict,
  expectedDigestResponse,
  expectedUserhash,
  type NoncePolicy,
} from './digest-server.js'
export { undiciDispatcher } from './dispatcher.js'
export { type Hop, HopLog } from './hop.js'
export { type Kit, type KitOptions, startKit } from './kit.js'
export { OAuthServer, type OAuthServerOptions, type TokenEndpointMode } from './oauth-server.js'
export {
  type Handler,
  type OriginOptions,
  type OriginServer,
  startOrigin,
} from './origin-server.js'
export type { ProxyAuthConfig } from './proxy-auth.js'
export {
  type AuthProxyServer,
  type ProxyReceived,
  type ProxyServer,
  startProxy,
} from './proxy-server.js'
export { type Echo, json } from './routes.js'
export { type Squid, squidAvailable, startSquid } from './squid.js'
export { type TokenEndpointIn, tokenEndpointIn } from './token-endpoint.js'
