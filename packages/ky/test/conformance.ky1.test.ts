import { awsScenarios } from '@latchkey/aws-testing'
import { describeAdapter } from '@latchkey/conformance/vitest'
import { httpSignatureScenarios } from '@latchkey/http-signature-testing'
import { oidcScenarios } from '@latchkey/oidc-testing'
import * as ky from 'ky'
import { kyAdapter } from './adapter.js'

describeAdapter(kyAdapter('ky 1', 1, ky), {
  scenarios: [oidcScenarios, httpSignatureScenarios, awsScenarios],
})
