import { awsScenarios } from '@latchkey/aws-testing'
import { coreScenarioGroups, observabilityScenarios } from '@latchkey/conformance'
import { undiciDispatcher } from '@latchkey/conformance/kit'
import { describeAdapter } from '@latchkey/conformance/vitest'
import { bearer, chain } from '@latchkey/core'
import { httpSignatureScenarios } from '@latchkey/http-signature-testing'
import { oidcScenarios } from '@latchkey/oidc-testing'
import { withAuth } from '../src/index.js'
import { fetchAdapter } from './adapter.js'

const node = { transport: undiciDispatcher }

describeAdapter(
  fetchAdapter('fetch', (strategy, options) => withAuth(fetch, strategy, options), node),
  { scenarios: [oidcScenarios, httpSignatureScenarios, awsScenarios] },
)

// Core's groups again through composed clients, passing the same: a chain of one strategy
// is that strategy, and an outer withAuth over an inner one whose scope is elsewhere sends
// each hop through the inner fetch untouched (redirect 'manual' is left to the outer).
// What is published names the strategies and clients as composed, so observability is
// asserted on the plain client only.
const composedGroups = coreScenarioGroups.filter((group) => group !== observabilityScenarios)
describeAdapter(
  fetchAdapter(
    'fetch, chain(x)',
    (strategy, options) => withAuth(fetch, chain(strategy), options),
    node,
  ),
  { groups: composedGroups },
)
describeAdapter(
  fetchAdapter(
    'fetch, nested withAuth',
    (strategy, options) =>
      withAuth(
        withAuth(fetch, bearer('sentinel-inner-unused'), { origins: ['https://inner.invalid'] }),
        strategy,
        options,
      ),
    node,
  ),
  { groups: composedGroups },
)
