/**
 * `@latchkey/conformance/vitest`: the suite on vitest, as every Latchkey adapter runs it.
 *
 * @packageDocumentation
 */
import type { AdapterUnderTest } from './adapter.js'
import { type DescribeAdapterOptions, describeAdapter as describeWith } from './describe-adapter.js'
import { vitestRunner } from './runner/vitest.js'

export { vitestRunner }

/** {@link describeWith | describeAdapter} with vitest as the runner, unless you pass another. */
export function describeAdapter(
  adapter: AdapterUnderTest,
  options: Partial<DescribeAdapterOptions> = {},
): void {
  describeWith(adapter, { ...options, runner: options.runner ?? vitestRunner })
}
