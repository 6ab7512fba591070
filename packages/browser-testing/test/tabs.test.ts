import { OAuthServer, SENTINEL } from '@latchkey/conformance'
import { afterAll, beforeEach, expect, it } from 'vitest'
import { startBrowserRun } from '../src/node/browser-run.js'
import { callPage } from '../src/node/kit-bridge.js'

/** Tabs of one app in one Chromium profile, sharing a TabTokenStore. */
const run = await startBrowserRun(['tabs'])
afterAll(() => run.close())

let server: OAuthServer
beforeEach(() => {
  run.kit.reset()
  server = new OAuthServer({
    clientId: 'conformance',
    clientSecret: SENTINEL.clientSecret,
    rotate: true,
    refreshTokens: [SENTINEL.refreshToken],
  })
  run.kit.handle('/oauth', server.handler)
})

it('5 tabs on an expired token make 1 token request, and the rotating refresh token is used once', async () => {
  const tabs = await Promise.all(Array.from({ length: 5 }, () => run.open('tabs')))
  const [first] = tabs
  if (first === undefined) throw new Error('no tab')
  expect(await callPage(first, 'request', '/oauth/api/first')).toBe(200)
  expect(server.grants).toEqual(['refresh_token'])
  for (const tab of tabs) await callPage(tab, 'advance', 301)
  const statuses = await Promise.all(tabs.map((tab) => callPage(tab, 'request', '/oauth/api/all')))
  expect(statuses).toEqual([200, 200, 200, 200, 200])
  expect(server.grants).toEqual(['refresh_token', 'refresh_token'])
  expect(server.refusedRefreshTokens).toEqual([])
  expect(new Set(server.refreshTokensSeen).size).toBe(2)
  // A tab opened later asks the others: it has the token without a token request.
  const later = await run.open('tabs')
  await callPage(later, 'advance', 301)
  expect(await callPage(later, 'request', '/oauth/api/later')).toBe(200)
  expect(server.grants).toHaveLength(2)
  await Promise.all([...tabs, later].map((tab) => tab.close()))
})
