import { OAuthServer, SENTINEL } from '@latchkey/conformance'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, expect, it } from 'vitest'
import { startBrowserRun } from '../src/node/browser-run.js'
import { callPage } from '../src/node/kit-bridge.js'

/** Tabs of one app in one Chromium profile, sharing a TabTokenStore. */
const run = await startBrowserRun(['tabs'])
afterAll(() => run.close())

let opened: Page[] = []
afterEach(async () => {
  await Promise.all(opened.map((tab) => tab.close()))
  opened = []
})

function serve(options: { rotate: boolean; holdUntil?: Promise<unknown> }): OAuthServer {
  run.kit.reset()
  const server = new OAuthServer({
    clientId: 'conformance',
    clientSecret: SENTINEL.clientSecret,
    refreshTokens: [SENTINEL.refreshToken],
    ...options,
  })
  run.kit.handle('/oauth', server.handler)
  return server
}

/** `count` tabs of the app, each with its own store name so tests do not share tokens. */
async function openTabs(count: number, store: string): Promise<Page[]> {
  const tabs = await Promise.all(Array.from({ length: count }, () => run.open('tabs', { store })))
  opened.push(...tabs)
  return tabs
}

const requestAll = (tabs: Page[], path: string) =>
  Promise.all(tabs.map((tab) => callPage(tab, 'request', path)))

it('5 tabs on an expired token make 1 token request, and each rotated refresh token is used once', async () => {
  const server = serve({ rotate: true })
  const tabs = await openTabs(5, 'rotating')
  expect(await requestAll(tabs.slice(0, 1), '/oauth/api/first')).toEqual([200])
  // Expiry after expiry: each one must cost exactly one token request across the tabs.
  const rounds = 10
  for (let round = 1; round <= rounds; round++) {
    for (const tab of tabs) await callPage(tab, 'advance', 301)
    expect(await requestAll(tabs, `/oauth/api/round-${round}`)).toEqual([200, 200, 200, 200, 200])
    expect(server.grants).toHaveLength(1 + round)
  }
  expect(server.refusedRefreshTokens).toEqual([])
  expect(new Set(server.refreshTokensSeen).size).toBe(1 + rounds)
  // A tab opened later asks the others: it has the token without a token request.
  const [later] = await openTabs(1, 'rotating')
  if (later === undefined) throw new Error('no tab')
  expect(await callPage(later, 'request', '/oauth/api/later')).toBe(200)
  expect(server.grants).toHaveLength(1 + rounds)
}, 60_000)

it('a tab that closes during its token request frees the lock: the other tabs go on', async () => {
  let release = () => {}
  const server = serve({ rotate: false, holdUntil: new Promise<void>((r) => (release = r)) })
  const [leaving, ...staying] = await openTabs(4, 'leaving')
  if (leaving === undefined) throw new Error('no tab')
  void callPage(leaving, 'request', '/oauth/api/leaving').catch(() => {})
  await expect.poll(() => server.grants.length).toBe(1)
  const waiting = requestAll(staying, '/oauth/api/staying')
  await leaving.close()
  opened = staying
  release()
  expect(await waiting).toEqual([200, 200, 200])
  // The closed tab's request may or may not have been answered: one more request, not three.
  expect(server.grants).toHaveLength(2)
})

it('without Web Locks and BroadcastChannel each tab keeps its own token in memory', async () => {
  const server = serve({ rotate: false })
  const tabs = await Promise.all(
    Array.from({ length: 2 }, () => run.open('tabs', { store: 'alone', isolated: '1' })),
  )
  opened.push(...tabs)
  expect(await requestAll(tabs, '/oauth/api/alone')).toEqual([200, 200])
  expect(server.grants).toEqual(['refresh_token', 'refresh_token'])
  // Each tab then uses its own token, with no further token request.
  expect(await requestAll(tabs, '/oauth/api/again')).toEqual([200, 200])
  expect(server.grants).toHaveLength(2)
})
