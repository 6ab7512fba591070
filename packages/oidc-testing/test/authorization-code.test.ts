import { MemoryTokenStore } from '@latchkey/core'
import { oidc } from '@latchkey/oidc'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type OidcProvider, startOidcProvider } from '../src/index.js'
import { context, firstRequest, rejection, request } from './helpers.js'

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

const grants = () => provider.grants()

/** A command-line login whose browser is the scripted user agent, tampering with the callback if asked. */
function cli(
  deliver: (callback: URL, authorizationUrl: URL) => Promise<unknown> = (callback) =>
    fetch(callback),
  extra: Partial<Parameters<typeof oidc.authorizationCode>[0]> = {},
) {
  const urls: URL[] = []
  const pages: Promise<unknown>[] = []
  const store = new MemoryTokenStore()
  const strategy = oidc.authorizationCode({
    issuer: provider.issuer,
    clientId: provider.clients.native.clientId,
    scope: 'openid offline_access read',
    resource: provider.audience,
    store,
    key: 'login',
    onAuthorizationUrl: ({ url }) => {
      const authorizationUrl = new URL(url)
      urls.push(authorizationUrl)
      // A browser opens on its own; the app does not wait for the user.
      pages.push(
        provider
          .authorize(authorizationUrl)
          .then((callback) => deliver(callback, authorizationUrl))
          .catch((error: unknown) => error),
      )
    },
    ...extra,
  })
  return { strategy, urls, pages, store }
}

describe('authorization code + PKCE, command line (RFC 8252)', () => {
  it('loopback login: PKCE S256, state, nonce, resource; the page answers; the listener closes', async () => {
    let page: Response | undefined
    const { strategy, urls, store, pages } = cli(async (callback) => {
      page = await fetch(callback)
      return page
    })
    const request = await firstRequest(strategy, context())
    expect(request.headers.get('authorization')).toMatch(/^Bearer /)
    const [url] = urls
    const redirect = new URL(url?.searchParams.get('redirect_uri') ?? '')
    expect(redirect.hostname).toBe('127.0.0.1')
    expect(redirect.port).not.toBe('')
    expect(redirect.pathname).toBe('/callback')
    expect(url?.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url?.searchParams.get('state')).toMatch(/^[\w-]{20,}$/)
    expect(url?.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/)
    expect(url?.searchParams.get('resource')).toBe(provider.audience)
    expect(grants()).toEqual(['authorization_code'])
    const token = provider.hops.find((hop) => hop.path === '/token')
    expect(token?.params.get('code_verifier')).toMatch(/^[\w-]{43,128}$/)
    expect(token?.params.get('resource')).toBe(provider.audience)
    await Promise.all(pages)
    expect(page?.status).toBe(200)
    expect(await page?.text()).toContain('You are logged in')
    // The listener is closed: the same callback cannot be delivered again.
    expect(await rejection(fetch(redirect))).toBeInstanceOf(Error)
    expect((await store.get('login'))?.refreshToken).toBeTypeOf('string')
  })

  it('then refresh tokens, not a new login', async () => {
    const { strategy, urls } = cli()
    const ctx = context()
    const first = await firstRequest(strategy, ctx)
    // The API refuses the token: the engine refreshes instead of asking the user again.
    const flow = strategy.flow(request(), ctx)
    const sent = await flow.next()
    expect(sent.done).toBe(false)
    const retry = await flow.next({
      status: 401,
      headers: new Headers({ 'www-authenticate': 'Bearer error="invalid_token"' }),
    })
    expect(retry.done).toBe(false)
    expect(
      retry.value && (retry.value as { headers: Headers }).headers.get('authorization'),
    ).not.toBe(first.headers.get('authorization'))
    expect(grants()).toEqual(['authorization_code', 'refresh_token'])
    expect(urls).toHaveLength(1)
  })
})

describe('authorization code attacks: refused with a typed error, no token stored', () => {
  const withParam = (url: URL, name: string, value: string) => {
    const changed = new URL(url)
    changed.searchParams.set(name, value)
    return changed
  }

  it('a wrong state: LOGIN_FAILED, the code never reaches the token endpoint', async () => {
    const { strategy, store } = cli((callback) => fetch(withParam(callback, 'state', 'forged')))
    const error = await rejection(firstRequest(strategy, context()))
    expect(error).toMatchObject({ name: 'AuthError', code: 'LOGIN_FAILED' })
    expect(grants()).toEqual([])
    expect(await store.get('login')).toBeUndefined()
  })

  it('an issuer mix-up (RFC 9207 iss of another server, or none): LOGIN_FAILED', async () => {
    for (const tamper of [
      (callback: URL) => withParam(callback, 'iss', 'http://127.0.0.1:1'),
      (callback: URL) => {
        const changed = new URL(callback)
        changed.searchParams.delete('iss')
        return changed
      },
    ]) {
      const { strategy, store } = cli((callback) => fetch(tamper(callback)))
      const error = await rejection(firstRequest(strategy, context()))
      expect(error).toMatchObject({ name: 'AuthError', code: 'LOGIN_FAILED' })
      expect(await store.get('login')).toBeUndefined()
    }
    expect(grants()).toEqual([])
  })

  it('a replayed code: the provider refuses it (invalid_grant), nothing stored', async () => {
    let captured: URL | undefined
    const first = cli(async (callback) => {
      captured = callback
      return fetch(callback)
    })
    await firstRequest(first.strategy, context())
    const replay = cli((callback) => {
      const replayed = withParam(callback, 'code', captured?.searchParams.get('code') ?? '')
      return fetch(replayed)
    })
    const error = await rejection(firstRequest(replay.strategy, context()))
    expect(error).toMatchObject({ code: 'TOKEN_ENDPOINT_ERROR', oauthError: 'invalid_grant' })
    expect(grants()).toEqual(['authorization_code', 'authorization_code'])
    expect(await replay.store.get('login')).toBeUndefined()
  })

  it('a code issued for a callback on another port: invalid_grant, nothing stored', async () => {
    // The authorization request is rewritten to send the code to another local port
    // (another program listening there); the code then reaches this login's listener.
    const redirected = cli(undefined, {
      onAuthorizationUrl: async ({ url }) => {
        const authorizationUrl = new URL(url)
        const ours = new URL(authorizationUrl.searchParams.get('redirect_uri') ?? '')
        const theirs = new URL(ours)
        theirs.port = String(Number(ours.port) === 65535 ? 65534 : Number(ours.port) + 1)
        authorizationUrl.searchParams.set('redirect_uri', theirs.href)
        const callback = await provider.authorize(authorizationUrl)
        expect(callback.port).toBe(theirs.port)
        callback.port = ours.port
        void fetch(callback).catch(() => {})
      },
    })
    const error = await rejection(firstRequest(redirected.strategy, context()))
    expect(error).toMatchObject({ code: 'TOKEN_ENDPOINT_ERROR', oauthError: 'invalid_grant' })
    expect(await redirected.store.get('login')).toBeUndefined()
  })

  it('the user declines: LOGIN_FAILED (access_denied)', async () => {
    const store = new MemoryTokenStore()
    const declining = oidc.authorizationCode({
      issuer: provider.issuer,
      clientId: provider.clients.native.clientId,
      scope: 'openid read',
      store,
      key: 'login',
      onAuthorizationUrl: ({ url }) => {
        void provider
          .authorize(url, { decline: true })
          .then((callback) => fetch(callback))
          .catch(() => {})
      },
    })
    const error = await rejection(firstRequest(declining, context()))
    expect(error).toMatchObject({ code: 'LOGIN_FAILED', oauthError: 'access_denied' })
    expect(grants()).toEqual([])
    expect(await store.get('login')).toBeUndefined()
  })

  it('cancelled through its signal: ABORTED, and the listener is closed', async () => {
    const controller = new AbortController()
    let redirect: URL | undefined
    const strategy = oidc.authorizationCode({
      issuer: provider.issuer,
      clientId: provider.clients.native.clientId,
      signal: controller.signal,
      onAuthorizationUrl: ({ url }) => {
        redirect = new URL(new URL(url).searchParams.get('redirect_uri') ?? '')
        controller.abort()
      },
    })
    const error = await rejection(firstRequest(strategy, context()))
    expect(error).toMatchObject({ code: 'ABORTED' })
    expect(await rejection(fetch(redirect ?? ''))).toBeInstanceOf(Error)
  })
})

describe('re-login that resumes', () => {
  it('50 requests waiting when the refresh token is revoked: 1 login, 50 resumed, 0 lost', async () => {
    let time = Date.now()
    const ctx = context({ clock: { now: () => time } })
    let asked = 0
    const { strategy, urls, store } = cli(undefined, {
      onLoginRequired: () => {
        asked++
        return true
      },
    })
    await firstRequest(strategy, ctx)
    const refreshToken = (await store.get('login'))?.refreshToken ?? ''
    await provider.revokeRefreshToken(refreshToken)
    time += 3600_000
    const requests = await Promise.allSettled(
      Array.from({ length: 50 }, () => firstRequest(strategy, ctx)),
    )
    const tokens = requests.map((result) =>
      result.status === 'fulfilled'
        ? result.value.headers.get('authorization')
        : String(result.reason),
    )
    expect(tokens.filter((token) => token?.startsWith('Bearer '))).toHaveLength(50)
    expect(new Set(tokens).size).toBe(1)
    expect(asked).toBe(1)
    expect(urls).toHaveLength(2)
    expect(grants()).toEqual(['authorization_code', 'refresh_token', 'authorization_code'])
    expect((await store.get('login'))?.refreshToken).not.toBe(refreshToken)
  })

  it('a re-login that is refused fails the waiting requests with ABORTED; one that fails, REFRESH_FAILED', async () => {
    let time = Date.now()
    const ctx = context({ clock: { now: () => time } })
    let answer = false
    let decline = false
    const store = new MemoryTokenStore()
    const strategy = oidc.authorizationCode({
      issuer: provider.issuer,
      clientId: provider.clients.native.clientId,
      scope: 'openid offline_access read',
      store,
      key: 'login',
      onLoginRequired: () => answer,
      onAuthorizationUrl: ({ url }) => {
        void provider
          .authorize(url, { decline })
          .then((callback) => fetch(callback))
          .catch(() => {})
      },
    })
    await firstRequest(strategy, ctx)
    await provider.revokeRefreshToken((await store.get('login'))?.refreshToken ?? '')
    time += 3600_000
    const refused = await Promise.all(
      Array.from({ length: 5 }, () => rejection(firstRequest(strategy, ctx))),
    )
    expect(refused.map((error) => (error as { code?: string }).code)).toEqual(
      Array(5).fill('ABORTED'),
    )
    answer = true
    decline = true
    const failed = await rejection(firstRequest(strategy, ctx))
    expect(failed).toMatchObject({ code: 'REFRESH_FAILED' })
    expect(await store.get('login')).toBeUndefined()
  })
})
