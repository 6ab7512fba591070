/**
 * What a scenario body gets from the test runner: `skip(note)` ends the test, reported as
 * skipped (a capability the adapter lacks, found out inside the test).
 */
export interface TestContext {
  /** Ends the test now, reported as skipped, with `note` as the reason. */
  skip(note?: string): never
}

/** A test's body: may return a promise; a throw or rejection fails the test. */
export type TestBody = (context: TestContext) => unknown
/** A setup or teardown hook: may return a promise. */
export type Hook = () => unknown

/** How a test or group is registered. */
export interface RegisterOptions {
  /** Register it as skipped: reported, never run. */
  readonly skip?: boolean
}

/**
 * The test runner the suite registers its scenarios with, as small as vitest, node:test and
 * jest all offer it: bind yours once (see `@latchkey/conformance/vitest` and
 * `@latchkey/conformance/node-test`) and pass it to `describeAdapter`. Bodies may return
 * promises; a thrown error fails the test.
 */
export interface TestRunner {
  /** Registers a group of tests. */
  describe(name: string, body: () => void, options?: RegisterOptions): void
  /** Registers a test. */
  it(name: string, body: TestBody, options?: RegisterOptions): void
  /** Runs once before the enclosing group's tests; `timeoutMs` bounds it (certificates are slow). */
  beforeAll(hook: Hook, timeoutMs?: number): void
  /** Runs once after the enclosing group's tests. */
  afterAll(hook: Hook): void
  /** Runs before each test of the enclosing group. */
  beforeEach(hook: Hook): void
}
