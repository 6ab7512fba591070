import { type OidcProvider, startOidcProvider } from '@latchkey/oidc-testing'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { startBrowserRun } from '../src/node/browser-run.js'
import { callPage } from '../src/node/kit-bridge.js'
import { PAGE_API } from '../src/shared/wire.js'

/**
 * A single-page app's login in Chromium: the page starts `oidc.browserLogin()`, the tab
 * goes to the real provider (oidc-provider, CORS for the page's origin), the user logs in
 * and consents on its forms, the provider sends the tab back to the page, and the page
 * finishes the login and calls the API with fetch, ky and axios.
 */
const run = await startBrowserRun(['spa-login'])
let provider: OidcProvider
let setup: {
  issuer: string
  clientId: string
  redirectUri: string
  scope: string
  resource: string
}

beforeAll(async () => {
  provider = await startOidcProvider({ corsOrigins: [run.site.origin] })
  run.kit.handle('/api', provider.api.handler)
  const redirectUri = `${run.site.origin}/spa-login.html`
  setup = {
    issuer: provider.issuer,
    clientId: await registerSpa(redirectUri),
    redirectUri,
    scope: 'openid read',
    resource: provider.audience,
  }
})
afterAll(async () => {
  await provider?.close()
  await run.close()
})
beforeEach(async () => {
  provider.reset()
  // No provider session from an earlier test: every login shows its forms.
  await run.chromium.context.clearCookies()
})
// Tabs share the token store (BroadcastChannel): none of a test's tabs outlives it.
afterEach(async () => {
  await Promise.all(run.chromium.context.pages().map((page) => page.close()))
})

/** The SPA as a public client (RFC 7591), its redirect URI on the page's origin. */
async function registerSpa(redirectUri: string): Promise<string> {
  const response = await fetch(`${provider.issuer}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [redirectUri],
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }),
  })
  if (response.status !== 201) throw new Error(`registration answered ${response.status}`)
  return ((await response.json()) as { client_id: string }).client_id
}

/**
 * The page starts the login; Chromium follows it to the provider, logs in and consents
 * through the provider's forms, and comes back to the page: the callback URL it landed on.
 */
async function roundTrip(page: Page, login: Partial<typeof setup> = setup): Promise<URL> {
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(`${provider.issuer}/interaction/`)),
    // The tab navigates away while `start` returns: its context may be gone by then.
    callPage(page, 'start', login).catch((error: unknown) => {
      if (!/context was destroyed|navigat/i.test(String(error))) throw error
    }),
  ])
  await page.fill('input[name="login"]', 'latchkey-user')
  await page.click('button')
  await page.waitForSelector('form[action$="/consent"]')
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(setup.redirectUri)),
    page.click('button'),
  ])
  await page.waitForFunction((api) => api in globalThis, PAGE_API)
  return new URL(page.url())
}

it('Chromium logs in at the provider and comes back; the page finishes, and fetch, ky and axios use the token', async () => {
  const page = await run.open('spa-login')
  const callback = await roundTrip(page)
  expect(callback.searchParams.get('code')).toBeTruthy()
  expect(callback.searchParams.get('iss')).toBe(provider.issuer)
  // During the round trip: the verifier and state in sessionStorage, nothing in localStorage.
  const during = (await callPage(page, 'storage')) as {
    session: { key: string; hasVerifier: boolean }[]
    local: unknown[]
  }
  expect(during.session).toEqual([
    { key: `latchkey.oidc.login.${callback.searchParams.get('state')}`, hasVerifier: true },
  ])
  expect(during.local).toEqual([])

  expect(await callPage(page, 'complete', setup)).toEqual({ ok: true })
  // After it: removed.
  expect(await callPage(page, 'storage')).toEqual({ session: [], local: [] })
  expect(await callPage(page, 'stored')).toBe(true)
  expect(provider.grants()).toEqual(['authorization_code'])
  const token = provider.hops.find((hop) => hop.path === '/token' && hop.method === 'POST')
  expect(token?.params.get('code_verifier')).toMatch(/^[\w-]{43,128}$/)
  expect(token?.headers.origin).toBe(run.site.origin)

  expect(await callPage(page, 'call', `${run.kit.http}/api/spa`)).toEqual({
    fetch: 200,
    ky: 200,
    axios: 200,
  })
  expect(provider.api.accepted.map((request) => request.claims.client_id)).toEqual(
    Array(3).fill(setup.clientId),
  )
  expect(provider.grants()).toEqual(['authorization_code'])
})

it('a callback with a wrong state: LOGIN_FAILED in the page, no code exchanged, no token stored; the real one then completes once', async () => {
  const page = await run.open('spa-login')
  const callback = await roundTrip(page)
  const forged = new URL(callback)
  forged.searchParams.set('state', 'forged-state-value')
  await page.goto(forged.href)
  await page.waitForFunction((api) => api in globalThis, PAGE_API)
  expect(await callPage(page, 'complete', setup)).toMatchObject({
    ok: false,
    name: 'AuthError',
    code: 'LOGIN_FAILED',
  })
  expect(await callPage(page, 'stored')).toBe(false)
  expect(provider.grants()).toEqual([])

  // The genuine callback still completes, once: loading it again finds no pending login.
  await page.goto(callback.href)
  await page.waitForFunction((api) => api in globalThis, PAGE_API)
  expect(await callPage(page, 'complete', setup)).toEqual({ ok: true })
  await page.reload()
  await page.waitForFunction((api) => api in globalThis, PAGE_API)
  expect(await callPage(page, 'complete', setup)).toMatchObject({ ok: false, code: 'LOGIN_FAILED' })
  expect(provider.grants()).toEqual(['authorization_code'])
})

it('an SPA without a client id registers one (RFC 7591) at start, and the callback page finds it in sessionStorage', async () => {
  const { clientId: _, ...unregistered } = setup
  const page = await run.open('spa-login')
  await roundTrip(page, unregistered)
  const registrations = provider.hops.filter((hop) => hop.path === '/reg' && hop.method === 'POST')
  expect(registrations).toHaveLength(1)
  expect(registrations[0]?.headers.origin).toBe(run.site.origin)
  expect(registrations[0]?.params.get('redirect_uris')).toBe(setup.redirectUri)
  expect(await callPage(page, 'complete', unregistered)).toEqual({ ok: true })
  expect(provider.grants()).toEqual(['authorization_code'])
  const registered = provider.hops.find((hop) => hop.path === '/token' && hop.method === 'POST')
  expect(registered?.params.get('client_id')).not.toBe(setup.clientId)
  expect(await callPage(page, 'call', `${run.kit.http}/api/registered`)).toMatchObject({
    fetch: 200,
    ky: 200,
  })
  expect(registrations).toHaveLength(1)
})
