export type {
  AdapterUnderTest,
  Capabilities,
  ClientOptions,
  UniformBody,
  UniformClient,
  UniformRequest,
  UniformResponse,
} from './adapter.js'
export { describeAdapter } from './describe-adapter.js'
export { createTestPki, type KeyPair, type TestPki } from './kit/certificates.js'
export type { Hop } from './kit/hop.js'
export { type Kit, startKit } from './kit/kit.js'
export type { Handler } from './kit/origin-server.js'
export { type Echo, json } from './kit/routes.js'
export { findLeaks } from './leaks.js'
export { SENTINEL, sentinelForms } from './sentinels.js'
export { expectNoCredentials, onlyHop } from './suite.js'
export { perRequest, retryOnce } from './test-strategies.js'
