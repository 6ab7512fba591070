import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest'
import type { TestRunner } from './types.js'

/** vitest as the suite's runner: `describe`, `it` and hooks as vitest registers them. */
export const vitestRunner: TestRunner = {
  describe: (name, body, options) => (options?.skip ? describe.skip : describe)(name, body),
  it: (name, body, options) =>
    (options?.skip ? it.skip : it)(name, (context) => body({ skip: (note) => context.skip(note) })),
  beforeAll: (hook, timeoutMs) => beforeAll(async () => void (await hook()), timeoutMs),
  afterAll: (hook) => afterAll(async () => void (await hook())),
  beforeEach: (hook) => beforeEach(async () => void (await hook())),
}
