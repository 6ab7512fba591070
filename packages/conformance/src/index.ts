export type {
  AdapterUnderTest,
  Capabilities,
  ClientOptions,
  UniformBody,
  UniformClient,
  UniformRequest,
  UniformResponse,
} from './adapter.js'
export {
  type DescribeAdapterOptions,
  describeAdapter,
  type ScenarioGroup,
} from './describe-adapter.js'
export * from './kit/index.js'
export { findLeaks } from './leaks.js'
export { SENTINEL, sentinelForms } from './sentinels.js'
export { expectNoCredentials, onlyHop, type Suite } from './suite.js'
export { perRequest, retryOnce } from './test-strategies.js'
