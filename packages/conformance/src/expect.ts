/**
 * The suite's assertions: vitest's `expect` (its matchers on chai, from `@vitest/expect`),
 * without vitest's runner, so the scenarios assert the same way under any test runner.
 */
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  ChaiStyleAssertions,
  chai,
  type ExpectStatic,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
} from '@vitest/expect'

// chai keeps a plugin used twice (vitest's own run) once.
chai.use(JestExtend)
chai.use(JestChaiExpect)
chai.use(ChaiStyleAssertions)
chai.use(JestAsymmetricMatchers)

/** vitest's `expect`, usable under any test runner: what scenarios and custom groups assert with. */
export const expect: ExpectStatic = Object.assign(
  (value: unknown, message?: string) => chai.expect(value, message),
  chai.expect,
  (globalThis as Record<symbol, object>)[ASYMMETRIC_MATCHERS_OBJECT],
) as unknown as ExpectStatic
