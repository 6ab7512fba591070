/**
 * The part of vitest's API the conformance scenarios use, for a page: `describe`, `it`,
 * hooks and `expect` (vitest's own matchers on chai, as the suite exports them). Tests are
 * collected when the bundle loads and run one at a time when Node.js asks, so each
 * becomes a vitest test of its own on the Node.js side.
 */
// The suite's own runner-free `expect`: the scenarios assert exactly as under Node.js.
export { expect } from '@latchkey/conformance'

type Hook = () => unknown
interface TestContext {
  skip(note?: string): never
}
type TestBody = (context: TestContext) => unknown

interface Block {
  readonly name: string
  readonly parent: Block | undefined
  readonly skipped: boolean
  readonly beforeAll: Hook[]
  readonly afterAll: Hook[]
  readonly beforeEach: Hook[]
  readonly afterEach: Hook[]
  /** Tests still to run; `afterAll` runs when it reaches 0. */
  pending: number
  started: boolean
}

export interface CollectedTest {
  readonly id: number
  /** The names of the enclosing describes, then the test's own. */
  readonly path: readonly string[]
  readonly skipped: boolean
}

export interface TestResult {
  readonly state: 'passed' | 'failed' | 'skipped'
  readonly note?: string
  readonly error?: { readonly message: string; readonly stack?: string }
}

interface Test extends CollectedTest {
  readonly block: Block
  readonly body: TestBody
}

const root: Block = block('', undefined, false)
let current = root
const tests: Test[] = []

function block(name: string, parent: Block | undefined, skipped: boolean): Block {
  return {
    name,
    parent,
    skipped,
    beforeAll: [],
    afterAll: [],
    beforeEach: [],
    afterEach: [],
    pending: 0,
    started: false,
  }
}

function ancestry(of: Block): Block[] {
  const chain: Block[] = []
  for (let at: Block | undefined = of; at !== undefined; at = at.parent) chain.unshift(at)
  return chain
}

function registerDescribe(name: string, body: () => void, skipped: boolean): void {
  const parent = current
  current = block(name, parent, skipped || parent.skipped)
  try {
    body()
  } finally {
    current = parent
  }
}

function registerTest(name: string, body: TestBody, skipped: boolean): void {
  const skip = skipped || current.skipped
  const path = [
    ...ancestry(current)
      .slice(1)
      .map((entry) => entry.name),
    name,
  ]
  tests.push({ id: tests.length, path, skipped: skip, block: current, body })
  if (!skip) for (const entry of ancestry(current)) entry.pending++
}

export const describe = Object.assign(
  (name: string, body: () => void) => registerDescribe(name, body, false),
  {
    skip: (name: string, body: () => void) => registerDescribe(name, body, true),
    skipIf: (condition: unknown) => (name: string, body: () => void) =>
      registerDescribe(name, body, Boolean(condition)),
  },
)

export const it = Object.assign((name: string, body: TestBody) => registerTest(name, body, false), {
  skip: (name: string, body: TestBody) => registerTest(name, body, true),
  skipIf: (condition: unknown) => (name: string, body: TestBody) =>
    registerTest(name, body, Boolean(condition)),
})
export const test = it

export const beforeAll = (hook: Hook) => void current.beforeAll.push(hook)
export const afterAll = (hook: Hook) => void current.afterAll.push(hook)
export const beforeEach = (hook: Hook) => void current.beforeEach.push(hook)
export const afterEach = (hook: Hook) => void current.afterEach.push(hook)

class Skipped extends Error {}

/** Every test collected so far, in registration order. */
export function collected(): CollectedTest[] {
  return tests.map(({ id, path, skipped }) => ({ id, path, skipped }))
}

/** Runs one test with its hooks, as vitest would; tests must be run in collection order. */
export async function run(id: number): Promise<TestResult> {
  const found = tests[id]
  if (found === undefined) throw new Error(`no test ${id}`)
  if (found.skipped) return { state: 'skipped' }
  const blocks = ancestry(found.block)
  let result: TestResult
  try {
    for (const entry of blocks) {
      if (entry.started) continue
      entry.started = true
      for (const hook of entry.beforeAll) await hook()
    }
    for (const entry of blocks) for (const hook of entry.beforeEach) await hook()
    try {
      await found.body({
        skip: (note?: string) => {
          throw new Skipped(note)
        },
      })
      result = { state: 'passed' }
    } finally {
      for (const entry of [...blocks].reverse()) for (const hook of entry.afterEach) await hook()
    }
  } catch (error) {
    result =
      error instanceof Skipped
        ? { state: 'skipped', note: error.message }
        : { state: 'failed', error: describeError(error) }
  }
  for (const entry of [...blocks].reverse()) {
    entry.pending--
    if (entry.pending === 0) for (const hook of entry.afterAll) await hook()
  }
  return result
}

function describeError(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) {
    return error.stack === undefined
      ? { message: error.message }
      : { message: error.message, stack: error.stack }
  }
  return { message: String(error) }
}

/** Mocks need a Node.js process: scenarios that spy on it skip themselves in a page. */
export const vi = {
  spyOn: (): never => {
    throw new Error('vi.spyOn is not available in a page')
  },
}
