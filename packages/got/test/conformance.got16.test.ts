import { awsScenarios } from '@latchkey/aws-testing'
import { describeAdapter } from '@latchkey/conformance/vitest'
import { httpSignatureScenarios } from '@latchkey/http-signature-testing'
import { oidcScenarios } from '@latchkey/oidc-testing'
import type { Got } from 'got'
import { describe, it } from 'vitest'
import { gotAdapter } from './adapter.js'

// got 16 needs Node.js >= 22 (its `engines`); it is imported only there, so Node.js 20 never
// parses it, and the suite shows as skipped rather than passing empty.
const supported = Number(process.versions.node.split('.')[0]) >= 22
const got16 = supported ? ((await import('got16')).default as unknown as Got) : undefined

describe.skipIf(got16 === undefined)('got 16 (needs Node.js >= 22)', () => {
  if (got16)
    describeAdapter(gotAdapter('got 16', got16), {
      scenarios: [oidcScenarios, httpSignatureScenarios, awsScenarios],
    })
  else it('runs the conformance suite on got 16', () => {})
})
