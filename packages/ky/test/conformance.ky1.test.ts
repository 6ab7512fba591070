import { describeAdapter } from '@latchkey/conformance'
import { oidcScenarios } from '@latchkey/oidc-testing'
import * as ky from 'ky'
import { kyAdapter } from './adapter.js'

describeAdapter(kyAdapter('ky 1', 1, ky), { scenarios: [oidcScenarios] })
