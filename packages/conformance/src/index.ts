export type {
  AdapterPlatform,
  AdapterUnderTest,
  Capabilities,
  ClientOptions,
  UniformBody,
  UniformClient,
  UniformRequest,
  UniformResponse,
} from './adapter.js'
export { type DescribeAdapterOptions, describeAdapter } from './describe-adapter.js'
export { expect } from './expect.js'
export * from './groups.js'
export * from './kit/index.js'
export { findLeaks } from './leaks.js'
export type { Describe, It, SuiteTests } from './runner/tests.js'
export type { Hook, RegisterOptions, TestBody, TestContext, TestRunner } from './runner/types.js'
export { type SampleBody, sampleBodies } from './sample-bodies.js'
export { SENTINEL, sentinelForms } from './sentinels.js'
export { expectNoCredentials, expectRefusedRedirect, onlyHop, type Suite } from './suite.js'
export { perRequest, retryOnce } from './test-strategies.js'
export { webStream } from './web-stream.js'
