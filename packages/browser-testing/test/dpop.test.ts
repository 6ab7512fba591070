import { type OidcProvider, startOidcProvider } from '@latchkey/oidc-testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startBrowserRun } from '../src/node/browser-run.js'
import { callPage } from '../src/node/kit-bridge.js'

/** DPoP in Chromium: a real OpenID provider, its API on the kit, the app in a page. */
const run = await startBrowserRun(['dpop'])
let provider: OidcProvider
beforeAll(async () => {
  provider = await startOidcProvider({ corsOrigins: [run.site.origin] })
  run.kit.handle('/api', provider.api.handler)
})
afterAll(async () => {
  await provider?.close()
  await run.close()
})

const setup = async (persist: 'memory' | 'indexedDB') => ({
  issuer: provider.issuer,
  clientId: provider.clients.public.clientId,
  refreshToken: await provider.issueRefreshToken(provider.clients.public.clientId),
  persist,
})

it('a non-extractable key in IndexedDB keeps a DPoP-bound token working across a reload', async () => {
  provider.reset()
  const page = await run.open('dpop')
  await callPage(page, 'start', await setup('indexedDB'))
  expect(await callPage(page, 'request', `${run.kit.http}/api/first`)).toBe(200)
  expect(provider.grants()).toEqual(['refresh_token'])
  const before = (await callPage(page, 'key')) as { extractable: boolean; exported: string }
  expect(before).toMatchObject({ extractable: false, exported: 'InvalidAccessError' })

  await page.reload()
  await page.waitForFunction(() => '__latchkeyPage' in globalThis)
  await callPage(page, 'start', await setup('indexedDB'))
  // The token from sessionStorage, signed for with the same key: no new token request.
  expect(await callPage(page, 'request', `${run.kit.http}/api/after-reload`)).toBe(200)
  expect(provider.grants()).toEqual(['refresh_token'])
  expect(await callPage(page, 'key')).toEqual(before)
  await page.close()
})

it('a key in memory only: after a reload the stored token is bound to a lost key, and a new one is requested', async () => {
  provider.reset()
  const page = await run.open('dpop')
  await callPage(page, 'start', await setup('memory'))
  expect(await callPage(page, 'request', `${run.kit.http}/api/first`)).toBe(200)
  const before = (await callPage(page, 'key')) as { thumbprint: string; extractable: boolean }
  expect(before.extractable).toBe(false)

  await page.reload()
  await page.waitForFunction(() => '__latchkeyPage' in globalThis)
  await callPage(page, 'start', await setup('memory'))
  expect(await callPage(page, 'request', `${run.kit.http}/api/after-reload`)).toBe(200)
  expect(provider.grants()).toEqual(['refresh_token', 'refresh_token'])
  expect(((await callPage(page, 'key')) as { thumbprint: string }).thumbprint).not.toBe(
    before.thumbprint,
  )
  await page.close()
})
