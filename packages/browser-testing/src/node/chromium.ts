import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'

/** Debian's Chromium (`apt-get install chromium`); `npx playwright install` cannot download here. */
const EXECUTABLE = process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium'

/** Nothing that phones home, no GPU, nothing from an earlier run. */
const ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
]

export interface Chromium {
  /** One browser context: its pages are tabs of one profile, sharing an origin's storage. */
  readonly context: BrowserContext
  close(): Promise<void>
}

/**
 * Headless Chromium with a new, empty user-data-dir, removed on close. The kit's https
 * origins use a CA made for the run, which the profile is told to accept.
 */
export async function launchChromium(): Promise<Chromium> {
  const profile = await mkdtemp(join(tmpdir(), 'latchkey-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE,
    headless: true,
    args: ARGS,
    ignoreHTTPSErrors: true,
  })
  return {
    context,
    close: async () => {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}
