/**
 * `@latchkey/conformance/node-test`: the suite on Node.js's own test runner, `node --test`.
 *
 * @packageDocumentation
 */
import type { AdapterUnderTest } from './adapter.js'
import { type DescribeAdapterOptions, describeAdapter as describeWith } from './describe-adapter.js'
import { nodeTestRunner } from './runner/node-test.js'

export { nodeTestRunner }

/** {@link describeWith | describeAdapter} with node:test as the runner, unless you pass another. */
export function describeAdapter(
  adapter: AdapterUnderTest,
  options: Partial<DescribeAdapterOptions> = {},
): void {
  describeWith(adapter, { ...options, runner: options.runner ?? nodeTestRunner })
}
