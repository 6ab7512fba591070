import { MemoryTokenStore } from '@latchkey/core'
import { oidc } from '@latchkey/oidc'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type OidcProvider, startOidcProvider } from '../src/index.js'
import { context, firstRequest, rejection } from './helpers.js'

let provider: OidcProvider
beforeAll(async () => {
  provider = await startOidcProvider()
})
afterAll(async () => {
  await provider.close()
})
beforeEach(() => {
  provider.reset()
})

const web = (extra: Partial<Parameters<typeof oidc.webLogin>[0]> = {}) =>
  oidc.webLogin({
    issuer: provider.issuer,
    ...provider.clients.web,
    scope: 'openid offline_access read',
    ...extra,
  })

describe('server-side web app', () => {
  it('start gives the URL and what to keep; finish exchanges the callback; the strategy refreshes', async () => {
    let time = Date.now()
    const ctx = context({ clock: { now: () => time } })
    const login = web()
    const { url, pending } = await login.start({ login_hint: 'latchkey-user' })
    expect(new URL(url).searchParams.get('redirect_uri')).toBe(provider.clients.web.redirectUri)
    expect(new URL(url).searchParams.get('login_hint')).toBe('latchkey-user')
    expect(JSON.parse(JSON.stringify(pending))).toEqual(pending)
    const callback = await provider.authorize(url)
    const strategy = await login.finish(callback, pending)
    expect(provider.grants()).toEqual(['authorization_code'])
    const token = provider.hops.find((hop) => hop.path === '/token')
    expect(token?.headers.authorization).toMatch(/^Basic /)
    expect(token?.params.get('code_verifier')).toBe(pending.codeVerifier)
    const first = await firstRequest(strategy, ctx)
    expect(first.headers.get('authorization')).toMatch(/^Bearer /)
    time += 3600_000
    const second = await firstRequest(strategy, ctx)
    expect(second.headers.get('authorization')).not.toBe(first.headers.get('authorization'))
    expect(provider.grants()).toEqual(['authorization_code', 'refresh_token'])
  })

  it("a callback's error passes as core's oauthErrorCode lets it: registered codes, or unregistered_error", async () => {
    const login = web()
    const { pending } = await login.start()
    const refused = async (error: string) => {
      const callback = new URL(pending.redirectUri)
      callback.search = new URLSearchParams({
        state: pending.state,
        iss: provider.issuer,
        error,
      }).toString()
      return rejection(login.finish(callback, pending))
    }
    expect(await refused('access_denied')).toMatchObject({
      code: 'LOGIN_FAILED',
      oauthError: 'access_denied',
    })
    for (const odd of ['', 'Not A Code: sentinel-value', 'x'.repeat(41)]) {
      const error = await refused(odd)
      expect(error).toMatchObject({ code: 'LOGIN_FAILED', oauthError: 'unregistered_error' })
      expect((error as Error).message).not.toContain('sentinel-value')
    }
    expect(provider.grants()).toEqual([])
  })

  it('a replayed callback: invalid_grant; a callback for another login: LOGIN_FAILED', async () => {
    const login = web()
    const { url, pending } = await login.start()
    const callback = await provider.authorize(url)
    await login.finish(callback, pending)
    expect(await rejection(login.finish(callback, pending))).toMatchObject({
      code: 'TOKEN_ENDPOINT_ERROR',
      oauthError: 'invalid_grant',
    })
    const other = await login.start()
    expect(await rejection(login.finish(callback, other.pending))).toMatchObject({
      code: 'LOGIN_FAILED',
    })
    expect(provider.grants()).toEqual(['authorization_code', 'authorization_code'])
  })

  it('a refresh token refused: REFRESH_FAILED and onLoginRequired, so the app sends the user back', async () => {
    let time = Date.now()
    const ctx = context({ clock: { now: () => time } })
    let required = 0
    const store = new MemoryTokenStore()
    const login = web({ store, key: 'session-1', onLoginRequired: () => required++ })
    const { url, pending } = await login.start()
    const strategy = await login.finish(await provider.authorize(url), pending)
    await provider.revokeRefreshToken((await store.get('session-1'))?.refreshToken ?? '')
    time += 3600_000
    expect(await rejection(firstRequest(strategy, ctx))).toMatchObject({ code: 'REFRESH_FAILED' })
    expect(required).toBe(1)
    expect(await store.get('session-1')).toBeUndefined()
  })
})

describe('single-page app', () => {
  it('start keeps the verifier for the round trip only; complete exchanges; a replay is refused', async () => {
    const storage = new Map<string, string>()
    const session = {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
      removeItem: (key: string) => void storage.delete(key),
    }
    let navigated = ''
    const login = oidc.browserLogin({
      issuer: provider.issuer,
      clientId: provider.clients.native.clientId,
      redirectUri: 'http://127.0.0.1:5173/callback',
      scope: 'openid read',
      storage: session,
      navigate: (url) => {
        navigated = url
      },
    })
    await login.start()
    expect([...storage.keys()]).toHaveLength(1)
    const callback = await provider.authorize(navigated)
    const strategy = await login.complete(callback)
    expect(storage.size).toBe(0)
    expect((await firstRequest(strategy, context())).headers.get('authorization')).toMatch(
      /^Bearer /,
    )
    expect(await rejection(login.complete(callback))).toMatchObject({ code: 'LOGIN_FAILED' })
    expect(provider.grants()).toEqual(['authorization_code'])
  })
})
