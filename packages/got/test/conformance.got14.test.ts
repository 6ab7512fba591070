import { awsScenarios } from '@latchkey/aws-testing'
import { describeAdapter } from '@latchkey/conformance/vitest'
import { httpSignatureScenarios } from '@latchkey/http-signature-testing'
import { oidcScenarios } from '@latchkey/oidc-testing'
import got from 'got'
import { gotAdapter } from './adapter.js'

describeAdapter(gotAdapter('got 14', got), {
  scenarios: [oidcScenarios, httpSignatureScenarios, awsScenarios],
})
