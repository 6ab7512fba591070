/**
 * What a scenario body gets from the test runner: `skip(note)` ends the test, reported as
 * skipped (a capability the adapter lacks, found out inside the test).
 */
export interface TestContext {
  skip(note?: string): never
}

export type TestBody = (context: TestContext) => unknown
export type Hook = () => unknown

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
  describe(name: string, body: () => void, options?: RegisterOptions): void
  it(name: string, body: TestBody, options?: RegisterOptions): void
  /** Runs once before the enclosing group's tests; `timeoutMs` bounds it (certificates are slow). */
  beforeAll(hook: Hook, timeoutMs?: number): void
  afterAll(hook: Hook): void
  beforeEach(hook: Hook): void
}
