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
})
