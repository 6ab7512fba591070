import { after, before, beforeEach, describe, it } from 'node:test'
import type { TestContext, TestRunner } from './types.js'

/** Thrown by `skip()` to end a test: node:test's own `t.skip()` only marks it. */
const skipped = Symbol('latchkey.conformance.skipped')

/** node:test (Node.js 20.19+) as the suite's runner. */
export const nodeTestRunner: TestRunner = {
  describe: (name, body, options) => void describe(name, { skip: options?.skip ?? false }, body),
  it: (name, body, options) =>
    void it(name, { skip: options?.skip ?? false }, async (t) => {
      const context: TestContext = {
        skip: (note) => {
          t.skip(note)
          throw skipped
        },
      }
      try {
        await body(context)
      } catch (error) {
        if (error !== skipped) throw error
      }
    }),
  beforeAll: (hook, timeoutMs) =>
    before(async () => void (await hook()), timeoutMs === undefined ? {} : { timeout: timeoutMs }),
  afterAll: (hook) => after(async () => void (await hook())),
  beforeEach: (hook) => beforeEach(async () => void (await hook())),
}
