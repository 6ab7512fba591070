import type { AuthStrategy } from '@latchkey/core'
import type { AdapterUnderTest, ClientOptions } from './adapter.js'
import { coreScenarioGroups, type ScenarioGroup } from './groups.js'
import { type Kit, startKit } from './kit/kit.js'
import { suiteTests } from './runner/tests.js'
import type { TestRunner } from './runner/types.js'
import type { Suite } from './suite.js'

/** Options of {@link describeAdapter}. */
export interface DescribeAdapterOptions {
  /**
   * The test runner to register with: `vitestRunner` (`@latchkey/conformance/vitest`),
   * `nodeTestRunner` (`@latchkey/conformance/node-test`), or your own binding.
   */
  readonly runner: TestRunner
  /** The groups to run. Default: every group of core's strategies ({@link coreScenarioGroups}). */
  readonly groups?: readonly ScenarioGroup[]
  /**
   * More scenario groups to run after `groups`, such as the OpenID Connect scenarios of
   * `@latchkey/oidc-testing` or the SigV4 ones of `@latchkey/aws-testing`.
   */
  readonly scenarios?: readonly ScenarioGroup[]
  /**
   * Where the kit comes from. Default: `startKit()` in this process. The browser run
   * passes a stand-in that drives a kit started by Node.js from inside the page.
   */
  readonly startKit?: () => Promise<Kit>
}

/**
 * Registers the conformance suite for one adapter with the given test runner. Every
 * adapter runs the same groups against the same real servers; a third-party adapter can
 * run them too, all or a subset.
 *
 * @example
 * ```ts
 * import { describeAdapter } from '@latchkey/conformance/vitest'
 * describeAdapter({ name: 'ky', createClient: (strategy, options) => ... })
 *
 * import { describeAdapter, redirectScenarios, scopeScenarios } from '@latchkey/conformance'
 * import { nodeTestRunner } from '@latchkey/conformance/node-test'
 * describeAdapter(adapter, { runner: nodeTestRunner, groups: [scopeScenarios, redirectScenarios] })
 * ```
 */
export function describeAdapter(adapter: AdapterUnderTest, options: DescribeAdapterOptions): void {
  const { runner } = options
  if (typeof runner?.describe !== 'function') {
    throw new TypeError(
      "describeAdapter: pass { runner }, or import describeAdapter from '@latchkey/conformance/vitest'",
    )
  }
  runner.describe(`${adapter.name} conformance`, () => {
    let running: Kit | undefined
    // Generous: certificates are generated here, on machines that may be busy.
    runner.beforeAll(async () => {
      running = await (options.startKit ?? startKit)()
    }, 60_000)
    runner.afterAll(async () => {
      await running?.close()
    })
    runner.beforeEach(() => running?.reset())

    const suite: Suite = {
      adapter,
      test: suiteTests(runner),
      kit: () => {
        if (running === undefined) throw new Error('the conformance kit is not running')
        return running
      },
      client: (strategy: AuthStrategy, options: Omit<ClientOptions, 'ca'> = {}) =>
        adapter.createClient(strategy, { ...options, ca: suite.kit().ca }),
    }
    for (const group of options.groups ?? coreScenarioGroups) group(suite)
    for (const group of options.scenarios ?? []) group(suite)
  })
}
