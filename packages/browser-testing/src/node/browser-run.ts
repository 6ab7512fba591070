import { type Kit, startKit } from '@latchkey/conformance/kit'
import type { Page } from 'playwright-core'
import { PAGE_API } from '../shared/wire.js'
import { bundle } from './bundle.js'
import { type Chromium, launchChromium } from './chromium.js'
import { bridgeKit } from './kit-bridge.js'
import { htmlLoading, type PageFiles, type PageServer, servePage } from './page-server.js'

/** A test the page collected, and how to run it there. */
export interface PageTest {
  readonly path: readonly string[]
  readonly skipped: boolean
  run(): Promise<{ state: 'passed' | 'failed' | 'skipped'; note?: string; error?: PageError }>
}

export interface PageError {
  readonly message: string
  readonly stack?: string
}

/** Everything a browser run holds: the kit (with CORS), the page's origin, Chromium. */
export interface BrowserRun {
  readonly kit: Kit
  readonly site: PageServer
  readonly chromium: Chromium
  /** The page's files (`/<entry>.html`, `/<entry>.js`), to serve from another origin too. */
  readonly files: PageFiles
  /**
   * Opens the bundle `entry` in a new tab with `query`, bridged to the kit; from the page
   * server's origin, or from `base` (a kit origin serving {@link files}).
   */
  open(entry: string, query?: Record<string, string>, base?: string): Promise<Page>
  /** The tests a page collected. */
  testsOf(page: Page): Promise<PageTest[]>
  close(): Promise<void>
}

type PageApi = {
  tests: { id: number; path: string[]; skipped: boolean }[]
  run(id: number): Promise<Awaited<ReturnType<PageTest['run']>>>
}

export async function startBrowserRun(entries: readonly string[]): Promise<BrowserRun> {
  const [kit, scripts, chromium] = await Promise.all([
    startKit({ cors: true }),
    Promise.all(entries.map(async (entry) => [entry, await bundle(`${entry}.ts`)] as const)),
    launchChromium(),
  ])
  const files: Record<string, { type: string; body: string }> = {}
  for (const [entry, body] of scripts) {
    files[`/${entry}.html`] = { type: 'text/html', body: htmlLoading(`${entry}.js`) }
    files[`/${entry}.js`] = { type: 'text/javascript', body }
  }
  const site = await servePage(files)
  return {
    kit,
    site,
    chromium,
    files,
    async open(entry, query = {}, base = site.origin) {
      const page = await chromium.context.newPage()
      page.on('pageerror', (error) => console.error(`[page ${entry}]`, error))
      await bridgeKit(page, kit)
      await page.goto(`${base}/${entry}.html?${new URLSearchParams(query)}`)
      await page.waitForFunction((api) => api in globalThis, PAGE_API)
      return page
    },
    async testsOf(page) {
      const tests = await page.evaluate(
        (api) => (globalThis as unknown as Record<string, PageApi>)[api]?.tests ?? [],
        PAGE_API,
      )
      return tests.map(({ id, path, skipped }) => ({
        path,
        skipped,
        run: () =>
          page.evaluate(
            ([api, test]) =>
              (globalThis as unknown as Record<string, PageApi>)[api]?.run(test) ??
              Promise.reject(new Error('the page has no tests')),
            [PAGE_API, id] as const,
          ),
      }))
    },
    async close() {
      await chromium.close()
      await Promise.all([kit.close(), site.close()])
    },
  }
}
