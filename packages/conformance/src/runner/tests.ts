import type { Hook, TestBody, TestRunner } from './types.js'

/** Registers a group of tests, as `describe` does. */
export type Describe = (name: string, body: () => void) => void
/** Registers a test, as `it` does. */
export type It = (name: string, body: TestBody) => void

/**
 * The registration functions scenario groups use, built on the injected runner, in the
 * shape vitest and jest users know: `describe.skipIf(flag)(...)`, `it.skipIf(flag)(...)`.
 */
export interface SuiteTests {
  /** Registers a group of tests. */
  readonly describe: Describe & {
    /** Registers the group as skipped. */
    skip: Describe
    /** Registers the group as skipped when `condition` is true. */
    skipIf(condition: boolean): Describe
  }
  /** Registers a test. */
  readonly it: It & {
    /** Registers the test as skipped when `condition` is true. */
    skipIf(condition: boolean): It
  }
  /** Runs once before the enclosing group's tests; `timeoutMs` bounds it. */
  beforeAll(hook: Hook, timeoutMs?: number): void
  /** Runs once after the enclosing group's tests. */
  afterAll(hook: Hook): void
  /** Runs before each test of the enclosing group. */
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
