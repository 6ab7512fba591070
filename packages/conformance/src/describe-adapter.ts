import type { AuthStrategy } from '@latchkey/core'
import { afterAll, beforeAll, beforeEach, describe } from 'vitest'
import type { AdapterUnderTest, ClientOptions } from './adapter.js'
import { type Kit, startKit } from './kit/kit.js'
import { bodyScenarios } from './scenarios/bodies.js'
import { clientFeatureScenarios } from './scenarios/client-features.js'
import { clientHookScenarios } from './scenarios/client-hooks.js'
import { concurrencyScenarios } from './scenarios/concurrency.js'
import { configurationScenarios } from './scenarios/configuration.js'
import { credentialScenarios } from './scenarios/credentials.js'
import { digestScenarios } from './scenarios/digest.js'
import { digestApacheScenarios } from './scenarios/digest-apache.js'
import { digestStrictScenarios } from './scenarios/digest-strict.js'
import { echoedCredentialScenarios } from './scenarios/echoed-credentials.js'
import { errorScenarios } from './scenarios/errors.js'
import { explicitScenarios } from './scenarios/explicit.js'
import { finalErrorScenarios } from './scenarios/final-errors.js'
import { headerValueScenarios } from './scenarios/header-values.js'
import { hostileTokenEndpointScenarios } from './scenarios/hostile-token-endpoints.js'
import { listenerScenarios } from './scenarios/listeners.js'
import { mtlsScenarios } from './scenarios/mtls.js'
import { observabilityScenarios } from './scenarios/observability.js'
import { paginationScenarios } from './scenarios/pagination.js'
import { proxyScenarios } from './scenarios/proxies.js'
import { redirectMethodScenarios } from './scenarios/redirect-methods.js'
import { redirectScenarios } from './scenarios/redirects.js'
import { scopeScenarios } from './scenarios/scope.js'
import { sigv4Scenarios } from './scenarios/sigv4.js'
import { sigv4CustomerKeyScenarios } from './scenarios/sigv4-customer-keys.js'
import { tokenScenarios } from './scenarios/tokens.js'
import { transportScenarios } from './scenarios/transport.js'
import { userinfoScenarios } from './scenarios/userinfo.js'
import type { Suite } from './suite.js'

/** A group of scenarios registered inside the suite, sharing its kit and client factory. */
export type ScenarioGroup = (suite: Suite) => void

export interface DescribeAdapterOptions {
  /**
   * More scenario groups to run after the built-in ones, such as the OpenID Connect
   * scenarios of `@latchkey/oidc-testing`.
   */
  readonly scenarios?: readonly ScenarioGroup[]
  /**
   * Where the kit comes from. Default: `startKit()` in this process. The browser run
   * passes a stand-in that drives a kit started by Node.js from inside the page.
   */
  readonly startKit?: () => Promise<Kit>
}

/**
 * Registers the whole conformance suite for one adapter. Every adapter runs exactly this
 * list against the same real servers; a third-party adapter can run it too.
 *
 * @example
 * ```ts
 * describeAdapter({ name: 'ky', createClient: (strategy, options) => ... })
 * describeAdapter(adapter, { scenarios: [oidcScenarios] })
 * ```
 */
export function describeAdapter(
  adapter: AdapterUnderTest,
  options: DescribeAdapterOptions = {},
): void {
  describe(`${adapter.name} conformance`, () => {
    let running: Kit | undefined
    // Generous: certificates are generated here, on machines that may be busy.
    beforeAll(async () => {
      running = await (options.startKit ?? startKit)()
    }, 60_000)
    afterAll(async () => {
      await running?.close()
    })
    beforeEach(() => running?.reset())

    const suite: Suite = {
      adapter,
      kit: () => {
        if (running === undefined) throw new Error('the conformance kit is not running')
        return running
      },
      client: (strategy: AuthStrategy, options: Omit<ClientOptions, 'ca'> = {}) =>
        adapter.createClient(strategy, { ...options, ca: suite.kit().ca }),
    }
    credentialScenarios(suite)
    configurationScenarios(suite)
    explicitScenarios(suite)
    scopeScenarios(suite)
    redirectScenarios(suite)
    redirectMethodScenarios(suite)
    transportScenarios(suite)
    proxyScenarios(suite)
    userinfoScenarios(suite)
    bodyScenarios(suite)
    concurrencyScenarios(suite)
    clientFeatureScenarios(suite)
    paginationScenarios(suite)
    clientHookScenarios(suite)
    errorScenarios(suite)
    finalErrorScenarios(suite)
    tokenScenarios(suite)
    sigv4Scenarios(suite)
    digestScenarios(suite)
    digestStrictScenarios(suite)
    digestApacheScenarios(suite)
    mtlsScenarios(suite)
    hostileTokenEndpointScenarios(suite)
    echoedCredentialScenarios(suite)
    listenerScenarios(suite)
    headerValueScenarios(suite)
    sigv4CustomerKeyScenarios(suite)
    observabilityScenarios(suite)
    for (const group of options.scenarios ?? []) group(suite)
  })
}
