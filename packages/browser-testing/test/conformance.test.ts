import { afterAll, describe, it } from 'vitest'
import { startBrowserRun } from '../src/node/browser-run.js'

/**
 * The conformance suite in headless Chromium: each adapter's scenarios run in a page on
 * its own origin against the kit's servers (CORS on), one vitest test per scenario.
 */
const run = await startBrowserRun(['entry'])
afterAll(() => run.close())

for (const adapter of ['fetch', 'ky', 'ky 2', 'axios xhr', 'axios fetch']) {
  const page = await run.open('entry', { adapter })
  const tests = await run.testsOf(page)
  describe(`${adapter} in Chromium`, () => {
    for (const test of tests) {
      const name = test.path.join(' > ')
      if (test.skipped) {
        it.skip(name, () => {})
        continue
      }
      it(name, async ({ skip }) => {
        const result = await test.run()
        if (result.state === 'skipped') skip(result.note)
        if (result.state === 'failed') {
          const error = new Error(result.error?.message)
          if (result.error?.stack) error.stack = result.error.stack
          throw error
        }
      })
    }
  })
}
