import { awsScenarios } from '@latchkey/aws-testing'
import { undiciDispatcher } from '@latchkey/conformance/kit'
import { describeAdapter } from '@latchkey/conformance/vitest'
import { httpSignatureScenarios } from '@latchkey/http-signature-testing'
import { oidcScenarios } from '@latchkey/oidc-testing'
import { describe, it } from 'vitest'
import { type KyModule, kyAdapter } from './adapter.js'

// ky 2 needs Node.js >= 22 (its `engines`); it is imported only there, so Node.js 20 never
// parses it, and the suite shows as skipped rather than passing empty.
const supported = Number(process.versions.node.split('.')[0]) >= 22
const ky2 = supported ? ((await import('ky2')) as unknown as KyModule) : undefined

describe.skipIf(ky2 === undefined)('ky 2 (needs Node.js >= 22)', () => {
  if (ky2)
    describeAdapter(kyAdapter('ky 2', 2, ky2, { transport: undiciDispatcher }), {
      scenarios: [oidcScenarios, httpSignatureScenarios, awsScenarios],
    })
  else it('runs the conformance suite on ky 2', () => {})
})
