export { generateTestKeys, type TestKey, verifierKeys } from './keys.js'
export { httpSignatureScenarios } from './scenarios.js'
export * from './verifier.js'
