import type { Hook, TestBody, TestRunner } from './types.js'

type Describe = (name: string, body: () => void) => void
type It = (name: string, body: TestBody) => void

/**
 * The registration functions scenario groups use, built on the injected runner, in the
 * shape vitest and jest users know: `describe.skipIf(flag)(...)`, `it.skipIf(flag)(...)`.
 */
export interface SuiteTests {
  readonly describe: Describe & {
    skip: Describe
    skipIf(condition: boolean): Describe
  }
  readonly it: It & { skipIf(condition: boolean): It }
  beforeAll(hook: Hook, timeoutMs?: number): void
  afterAll(hook: Hook): void
  beforeEach(hook: Hook): void
}

export function suiteTests(runner: TestRunner): SuiteTests {
  const describeIf =
    (skip: boolean): Describe =>
    (name, body) =>
      runner.describe(name, body, { skip })
  const itIf =
    (skip: boolean): It =>
    (name, body) =>
      runner.it(name, body, { skip })
  return {
    describe: Object.assign(describeIf(false), { skip: describeIf(true), skipIf: describeIf }),
    it: Object.assign(itIf(false), { skipIf: itIf }),
    beforeAll: (hook, timeoutMs) => runner.beforeAll(hook, timeoutMs),
    afterAll: (hook) => runner.afterAll(hook),
    beforeEach: (hook) => runner.beforeEach(hook),
  }
}
