import type { Suite } from '@latchkey/conformance'
import { sigv4CustomerKeyScenarios } from './customer-key-scenarios.js'
import { sigv4EchoScenarios } from './echo-scenarios.js'
import { sigv4Scenarios } from './sigv4-scenarios.js'

export * from './kit.js'
export { sigv4CustomerKeyScenarios, sigv4EchoScenarios, sigv4Scenarios }

/** Every SigV4 scenario group: register it with `describeAdapter(adapter, { scenarios: [awsScenarios] })`. */
export function awsScenarios(suite: Suite): void {
  sigv4Scenarios(suite)
  sigv4CustomerKeyScenarios(suite)
  sigv4EchoScenarios(suite)
}
