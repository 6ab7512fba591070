// Run by test/node-test.test.ts under `node --test`: core's groups on Node.js's own runner.
import { redirectMethodScenarios, scopeScenarios, userinfoScenarios } from '../../src/index.js'
import { describeAdapter } from '../../src/node-test.js'
import { minimalAdapter } from './minimal-adapter.js'

describeAdapter(minimalAdapter, {
  groups: [scopeScenarios, redirectMethodScenarios, userinfoScenarios],
})
