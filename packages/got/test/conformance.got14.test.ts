import { describeAdapter } from '@latchkey/conformance'
import { oidcScenarios } from '@latchkey/oidc-testing'
import got from 'got'
import { gotAdapter } from './adapter.js'

describeAdapter(gotAdapter('got 14', got), { scenarios: [oidcScenarios] })
