import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AuthError, MemoryTokenStore, type TokenStore } from '@latchkey/core'
import { fileTokenStore } from '@latchkey/core/node'
import { oidc } from '@latchkey/oidc'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type OidcProvider, startOidcProvider } from '../src/index.js'
import { context, firstRequest, rejection, request } from './helpers.js'

let provider: OidcProvider
let directory: string
beforeAll(async () => {
  provider = await startOidcProvider()
  directory = await mkdtemp(join(tmpdir(), 'latchkey-registration-'))
})
afterAll(async () => {
  await provider.close()
  await rm(directory, { recursive: true, force: true })
})
beforeEach(() => {
  provider.reset()
})

/** Registration requests the provider received since the last reset. */
const registrations = () =>
  provider.hops.filter((hop) => hop.path === '/reg' && hop.method === 'POST')

/** A command-line login with no client id; its browser is the scripted user agent. */
function cli(store: TokenStore, extra: Partial<Parameters<typeof oidc.authorizationCode>[0]> = {}) {
  const urls: URL[] = []
  const strategy = oidc.authorizationCode({
    issuer: provider.issuer,
    scope: 'openid offline_access read',
    resource: provider.audience,
    store,
    key: 'login',
    onAuthorizationUrl: ({ url }) => {
      urls.push(new URL(url))
      void provider
        .authorize(url)
        .then((callback) => fetch(callback))
        .catch(() => {})
    },
    ...extra,
  })
  return { strategy, urls }
}

describe('dynamic client registration (RFC 7591)', () => {
  it('no client id: one public native client is registered, kept in the store, and reused by the next run', async () => {
    const store = fileTokenStore({ directory: join(directory, 'plain') })
    const first = cli(store)
    const request = await firstRequest(first.strategy, context())
    expect(request.headers.get('authorization')).toMatch(/^Bearer /)
    const [registration] = registrations()
    expect(registrations()).toHaveLength(1)
    expect(registration?.headers['content-type']).toMatch(/^application\/json/)
    const clientId = first.urls[0]?.searchParams.get('client_id')
    expect(clientId).toMatch(/^[\w-]{10,}$/)
    // The redirect URI carries the listener's port; the registered one has none (RFC 8252 7.3).
    expect(new URL(first.urls[0]?.searchParams.get('redirect_uri') ?? '').port).not.toBe('')
    const token = provider.hops.find((hop) => hop.path === '/token')
    expect(token?.params.get('client_id')).toBe(clientId)
    expect(token?.headers.authorization).toBeUndefined()

    // The next run: a new strategy on the same directory registers nothing, and logs in with the same client.
    provider.reset()
    const second = cli(fileTokenStore({ directory: join(directory, 'plain') }), { key: 'again' })
    await firstRequest(second.strategy, context())
    expect(registrations()).toEqual([])
    expect(second.urls[0]?.searchParams.get('client_id')).toBe(clientId)
    expect(provider.grants()).toEqual(['authorization_code'])
  })

  it('the registration asks for a public native client with PKCE and the portless loopback redirect', async () => {
    const { strategy } = cli(new MemoryTokenStore(), {
      registration: { clientName: 'Latchkey CLI' },
      redirectPath: '/done',
    })
    await firstRequest(strategy, context())
    const [registration] = registrations()
    expect(Object.fromEntries(registration?.params ?? [])).toEqual({
      redirect_uris: 'http://127.0.0.1/done',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: 'authorization_code,refresh_token',
      response_types: 'code',
      client_name: 'Latchkey CLI',
    })
    expect(provider.grants()).toEqual(['authorization_code'])
  })

  it('concurrent first requests register once', async () => {
    const { strategy } = cli(new MemoryTokenStore())
    const ctx = context()
    await Promise.all(Array.from({ length: 5 }, () => firstRequest(strategy, ctx)))
    expect(registrations()).toHaveLength(1)
    expect(provider.grants()).toEqual(['authorization_code'])
  })

  it('a client secret the server issues anyway: used at the token endpoint, encrypted in the store, never in an error or event', async () => {
    provider.settings.registrationAuthMethod = 'client_secret_basic'
    const key = new Uint8Array(32).fill(7)
    const path = join(directory, 'encrypted')
    const store = fileTokenStore({ directory: path, encryptionKey: key })
    const events: unknown[] = []
    const ctx = context({ emit: (event) => void events.push(event) })
    const { strategy } = cli(store)
    await firstRequest(strategy, ctx)
    const token = provider.hops.find((hop) => hop.path === '/token')
    const basic = token?.headers.authorization ?? ''
    expect(basic).toMatch(/^Basic /)
    const [, secret = ''] = Buffer.from(basic.slice(6), 'base64').toString('utf8').split(':')
    expect(decodeURIComponent(secret).length).toBeGreaterThan(20)
    const raw = (
      await Promise.all((await readdir(path)).map((file) => readFile(join(path, file), 'utf8')))
    ).join('\n')
    expect(raw).not.toContain(decodeURIComponent(secret))
    // The token endpoint goes down: the refresh fails; neither its error nor any event shows the secret.
    provider.settings.tokenEndpointDown = true
    const flow = strategy.flow(request(), ctx)
    await flow.next()
    const failed = await rejection(
      flow.next({
        status: 401,
        headers: new Headers({ 'www-authenticate': 'Bearer error="invalid_token"' }),
      }),
    )
    expect(failed).toBeInstanceOf(AuthError)
    expect(ctx.containsSecret(decodeURIComponent(secret))).toBe(true)
    const shown = JSON.stringify([String(failed), (failed as Error).stack, events])
    expect(shown).not.toContain(decodeURIComponent(secret))
  })
  it('a registered client the server forgot (invalid_client): the stored one is dropped, and the re-login registers anew', async () => {
    const store = new MemoryTokenStore()
    const { strategy, urls } = cli(store)
    const ctx = context()
    await firstRequest(strategy, ctx)
    const forgotten = urls[0]?.searchParams.get('client_id') ?? ''
    await provider.forgetClient(forgotten)
    // The API refuses the token; the refresh meets invalid_client; the new login registers again.
    const flow = strategy.flow(request(), ctx)
    await flow.next()
    const retry = await flow.next({
      status: 401,
      headers: new Headers({ 'www-authenticate': 'Bearer error="invalid_token"' }),
    })
    expect(retry.done).toBe(false)
    expect(registrations()).toHaveLength(2)
    expect(provider.grants()).toEqual(['authorization_code', 'refresh_token', 'authorization_code'])
    const renewed = urls[1]?.searchParams.get('client_id')
    expect(renewed).toBeTypeOf('string')
    expect(renewed).not.toBe(forgotten)
  })
})

describe('registration for redirect logins (server-side and single-page apps)', () => {
  it('webLogin without a client id registers a web client for its redirect URI once, at the first start', async () => {
    const store = new MemoryTokenStore()
    const login = oidc.webLogin({
      issuer: provider.issuer,
      redirectUri: 'http://127.0.0.1:8080/callback',
      scope: 'openid read',
      resource: provider.audience,
      store,
    })
    const first = await login.start()
    const [registration] = registrations()
    expect(registration?.params.get('application_type')).toBe('web')
    expect(registration?.params.get('redirect_uris')).toBe('http://127.0.0.1:8080/callback')
    const clientId = new URL(first.url).searchParams.get('client_id')
    const strategy = await login.finish(await provider.authorize(first.url), first.pending)
    expect(provider.grants()).toEqual(['authorization_code'])
    expect((await firstRequest(strategy, context())).headers.get('authorization')).toMatch(
      /^Bearer /,
    )
    const second = await login.start()
    expect(new URL(second.url).searchParams.get('client_id')).toBe(clientId)
    expect(registrations()).toHaveLength(1)
  })
})

describe('registration refused: a typed error before any login starts', () => {
  it('a provider without registration: LOGIN_FAILED, the user is sent nowhere', async () => {
    provider.settings.registrationDisabled = true
    const { strategy, urls } = cli(new MemoryTokenStore())
    const error = await rejection(firstRequest(strategy, context()))
    expect(error).toMatchObject({ name: 'AuthError', code: 'LOGIN_FAILED' })
    expect((error as Error).message).toContain('registration_endpoint')
    expect(urls).toEqual([])
    expect(registrations()).toEqual([])
  })

  it('the server rejects the redirect URI: LOGIN_FAILED with invalid_redirect_uri, nothing stored', async () => {
    provider.settings.refuseRedirectUris = true
    const store = new MemoryTokenStore()
    const { strategy, urls } = cli(store)
    const error = await rejection(firstRequest(strategy, context()))
    expect(error).toMatchObject({
      name: 'AuthError',
      code: 'LOGIN_FAILED',
      oauthError: 'invalid_redirect_uri',
      status: 400,
    })
    expect(urls).toEqual([])
    expect(await store.get('login')).toBeUndefined()
    // Not remembered: once the server accepts, the next request registers and logs in.
    provider.settings.refuseRedirectUris = false
    await firstRequest(strategy, context())
    expect(registrations()).toHaveLength(2)
  })

  it('a client secret, key or auth method without a client id: INVALID_CONFIG at construction', () => {
    for (const extra of [
      { clientSecret: 'x' },
      { clientAuth: 'none' as const },
      { registration: { clientName: '' } },
    ])
      expect(() => cli(new MemoryTokenStore(), extra)).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIG' }),
      )
    expect(() =>
      cli(new MemoryTokenStore(), { clientId: 'cli-login', registration: { clientName: 'x' } }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }))
  })
})
