import { awsScenarios } from '@latchkey/aws-testing'
import { undiciDispatcher } from '@latchkey/conformance/kit'
import { describeAdapter } from '@latchkey/conformance/vitest'
import { httpSignatureScenarios } from '@latchkey/http-signature-testing'
import { oidcScenarios } from '@latchkey/oidc-testing'
import * as ky from 'ky'
import { kyAdapter } from './adapter.js'

describeAdapter(kyAdapter('ky 1', 1, ky, { transport: undiciDispatcher }), {
  scenarios: [oidcScenarios, httpSignatureScenarios, awsScenarios],
})
