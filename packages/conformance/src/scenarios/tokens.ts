import { type AuthEvent, isAuthError, MemoryTokenStore, oauth2, tokenLogin } from '@latchkey/core'
import { rejection } from '@latchkey/core/testing'
import type { UniformClient } from '../adapter.js'
import { expect } from '../expect.js'
import { OAuthServer, type OAuthServerOptions } from '../kit/oauth-server.js'
import { findLeaks } from '../leaks.js'
import { SENTINEL, sentinelForms } from '../sentinels.js'
import type { Suite } from '../suite.js'

/** Every secret a token scenario can leak: sentinels plus whatever the server issued. */
const tokenSecrets = () => [...sentinelForms(), 'sentinel-access', 'sentinel-refresh']

class TestClock {
  time = Date.now()
  now = () => this.time
  advance(seconds: number) {
    this.time += seconds * 1000
  }
}

/** A scenario's world: an OAuth server on the kit, a clock, and the events the client emitted. */
function world(suite: Suite, options: Partial<OAuthServerOptions> = {}) {
  const kit = suite.kit()
  const server = new OAuthServer({
    clientId: 'conformance',
    clientSecret: SENTINEL.clientSecret,
    username: SENTINEL.username,
    password: SENTINEL.password,
    ...options,
  })
  kit.handle('/oauth', server.handler)
  const clock = new TestClock()
  const events: AuthEvent[] = []
  const api = (path: string) => `${kit.http}/oauth/api/${path}`
  const tokenUrl = `${kit.http}/oauth/token`
  const auth = { clock, onEvent: (event: AuthEvent) => events.push(event) }
  return { kit, server, clock, events, api, tokenUrl, auth }
}

function clientCredentials(
  tokenUrl: string,
  extra: Partial<Parameters<typeof oauth2.clientCredentials>[0]> = {},
) {
  return oauth2.clientCredentials({
    tokenUrl,
    clientId: 'conformance',
    clientSecret: SENTINEL.clientSecret,
    ...extra,
  })
}

async function storm(client: UniformClient, url: (n: number) => string, count = 100) {
  return Promise.all(Array.from({ length: count }, (_, n) => client.request({ url: url(n) })))
}

/** Issue 3's scenarios: tokens that expire, through every adapter. */
export function tokenScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('tokens', () => {
    it('client credentials: one token request, then the cached token', async () => {
      const { server, api, tokenUrl, auth, kit } = world(suite)
      const client = suite.client(clientCredentials(tokenUrl, { scope: 'read' }), { auth })
      for (let i = 0; i < 3; i++)
        expect((await client.request({ url: api(`cached/${i}`) })).status).toBe(200)
      expect(server.grants).toEqual(['client_credentials'])
      const tokenHop = kit.log.at('/oauth/token')[0]
      const decoded = Buffer.from(
        (tokenHop?.headers.authorization ?? '').slice(6),
        'base64',
      ).toString()
      expect(decoded).toBe(`conformance:${SENTINEL.clientSecret}`)
      expect(new URLSearchParams(tokenHop?.body.toString()).get('scope')).toBe('read')
    })

    it('storm: 100 concurrent requests on an expired token -> 1 token request, 100 successes', async () => {
      const { server, api, tokenUrl, auth, clock } = world(suite, { latencyMs: 20 })
      const client = suite.client(clientCredentials(tokenUrl), { auth })
      await client.request({ url: api('warm') })
      clock.advance(301)
      const responses = await storm(client, (n) => api(`storm/${n}`))
      expect(responses.every((response) => response.status === 200)).toBe(true)
      expect(server.tokenRequests).toBe(2)
    })

    it('rotation: single-use refresh tokens -> 1 refresh per expiry, never an invalid_grant', async () => {
      const { server, api, tokenUrl, auth, clock } = world(suite, {
        rotate: true,
        refreshTokens: [SENTINEL.refreshToken],
        latencyMs: 20,
      })
      const strategy = oauth2.refreshToken({
        tokenUrl,
        clientId: 'conformance',
        clientSecret: SENTINEL.clientSecret,
        refreshToken: SENTINEL.refreshToken,
      })
      const client = suite.client(strategy, { auth })
      for (let round = 0; round < 3; round++) {
        const responses = await storm(client, (n) => api(`rotation/${round}/${n}`))
        expect(responses.every((response) => response.status === 200)).toBe(true)
        clock.advance(301)
      }
      expect(server.grants).toEqual(['refresh_token', 'refresh_token', 'refresh_token'])
      expect(server.refusedRefreshTokens).toEqual([])
      expect(new Set(server.refreshTokensSeen).size).toBe(3)
    })

    it('loop guard: an API that always 401s -> exactly 2 API calls, at most 2 token requests', async () => {
      const { server, api, tokenUrl, auth, kit } = world(suite)
      const client = suite.client(clientCredentials(tokenUrl), {
        auth,
        retry: { limit: 2, statusCodes: [503] },
      })
      const response = await client.request({ url: `${api('loop')}?always401` })
      expect(response.status).toBe(401)
      expect(kit.log.at('/oauth/api/loop')).toHaveLength(2)
      expect(server.tokenRequests).toBeLessThanOrEqual(2)
    })

    it('insufficient_scope: the 403 surfaces, no refresh', async () => {
      const { server, api, tokenUrl, auth, kit } = world(suite)
      const client = suite.client(clientCredentials(tokenUrl, { scope: 'read' }), { auth })
      const response = await client.request({ url: `${api('admin')}?scope=admin` })
      expect(response.status).toBe(403)
      expect(kit.log.at('/oauth/api/admin')).toHaveLength(1)
      expect(server.tokenRequests).toBe(1)
    })

    it('stale token: a 401 for an older token is replayed with the current one, without a refresh', async () => {
      const { server, api, tokenUrl, auth, kit } = world(suite)
      const client = suite.client(clientCredentials(tokenUrl), { auth })
      await client.request({ url: api('warm') })
      const slow = client.request({ url: `${api('slow')}?delay=300` })
      while (kit.log.at('/oauth/api/slow').length === 0)
        await new Promise((resolve) => setTimeout(resolve, 5))
      server.revokeAll()
      expect((await client.request({ url: api('fast') })).status).toBe(200)
      expect((await slow).status).toBe(200)
      expect(server.tokenRequests).toBe(2)
      const [first, replay] = kit.log.at('/oauth/api/slow')
      expect(replay?.headers.authorization).not.toBe(first?.headers.authorization)
      expect(replay?.headers.authorization).toBe(
        kit.log.at('/oauth/api/fast')[1]?.headers.authorization,
      )
    })

    const failures = [
      ['error500', 'TOKEN_ENDPOINT_ERROR'],
      ['invalidJson', 'INVALID_TOKEN_RESPONSE'],
      ['missingFields', 'INVALID_TOKEN_RESPONSE'],
    ] as const
    for (const [mode, code] of failures) {
      it(`token endpoint ${mode} -> ${code}, no secret anywhere`, async () => {
        const { server, api, tokenUrl, auth, events } = world(suite)
        server.mode = mode
        const error = await rejection(
          suite.client(clientCredentials(tokenUrl), { auth }).request({ url: api('x') }),
        )
        expect(isAuthError(error), `expected an AuthError, got ${String(error)}`).toBe(true)
        expect((error as { code: string }).code).toBe(code)
        expect(findLeaks(error, tokenSecrets())).toEqual([])
        expect(JSON.stringify(events)).not.toMatch(/sentinel/)
      })
    }

    it('token endpoint hangs -> TIMEOUT for every waiter; the next request recovers', async () => {
      const { server, api, tokenUrl, auth } = world(suite)
      server.mode = 'hang'
      const client = suite.client(clientCredentials(tokenUrl, { timeout: 300 }), { auth })
      const errors = await Promise.all(
        Array.from({ length: 5 }, (_, n) => rejection(client.request({ url: api(`hang/${n}`) }))),
      )
      for (const error of errors) expect(error).toMatchObject({ code: 'TIMEOUT' })
      expect(server.tokenRequests).toBe(1)
      server.mode = 'ok'
      expect((await client.request({ url: api('recovered') })).status).toBe(200)
    })

    it('one waiter aborts -> it leaves at once, the others succeed on the same token request', async () => {
      // The token endpoint answers once the quitter has left, or after 5 s: a quitter that
      // waits for the token request leaves after it came back, however slow the machine.
      let left = () => {}
      const quitterLeft = new Promise<void>((resolve) => {
        left = resolve
      })
      const { server, api, tokenUrl, auth } = world(suite, {
        holdUntil: Promise.race([quitterLeft, new Promise((resolve) => setTimeout(resolve, 5000))]),
      })
      const client = suite.client(clientCredentials(tokenUrl), { auth })
      const controller = new AbortController()
      let answeredWhenQuitterLeft = -1
      const quitter = rejection(
        client.request({ url: api('quit'), signal: controller.signal }),
      ).then((error) => {
        answeredWhenQuitterLeft = server.answered
        left()
        return error
      })
      const others = Promise.all(
        Array.from({ length: 5 }, (_, n) => client.request({ url: api(`stay/${n}`) })),
      )
      while (server.tokenRequests === 0) await new Promise((resolve) => setTimeout(resolve, 5))
      controller.abort()
      expect(await quitter).toBeDefined()
      // It did not wait for the shared token request to come back.
      expect(answeredWhenQuitterLeft).toBe(0)
      expect((await others).every((response) => response.status === 200)).toBe(true)
      expect(server.tokenRequests).toBe(1)
    })

    it('password grant: re-authenticates with the password; a wrong one leaks nowhere', async () => {
      const { server, api, tokenUrl, auth } = world(suite)
      const right = oauth2.password({
        tokenUrl,
        clientId: 'conformance',
        clientSecret: SENTINEL.clientSecret,
        username: SENTINEL.username,
        password: SENTINEL.password,
      })
      expect((await suite.client(right, { auth }).request({ url: api('password') })).status).toBe(
        200,
      )
      expect(server.grants).toEqual(['password'])
      const wrong = oauth2.password({
        tokenUrl,
        clientId: 'conformance',
        clientSecret: SENTINEL.clientSecret,
        username: SENTINEL.username,
        password: `${SENTINEL.password}-wrong`,
      })
      const error = await rejection(
        suite.client(wrong, { auth }).request({ url: api('password-wrong') }),
      )
      expect(error).toMatchObject({ code: 'TOKEN_ENDPOINT_ERROR', oauthError: 'invalid_grant' })
      expect(findLeaks(error, tokenSecrets())).toEqual([])
    })

    it('a revoked refresh token: REFRESH_FAILED, store cleared, no secret in the error', async () => {
      const { api, tokenUrl, auth } = world(suite, { refreshTokens: [] })
      const strategy = oauth2.refreshToken({
        tokenUrl,
        clientId: 'conformance',
        clientSecret: SENTINEL.clientSecret,
        refreshToken: SENTINEL.refreshToken,
      })
      const error = await rejection(
        suite.client(strategy, { auth }).request({ url: api('revoked') }),
      )
      expect(error).toMatchObject({ code: 'REFRESH_FAILED' })
      expect(findLeaks(error, tokenSecrets())).toEqual([])
    })

    it('tokenLogin: a custom login, a custom header, and a new login after a 401', async () => {
      const { server, api, kit, auth } = world(suite)
      const strategy = tokenLogin({
        async login({ fetch }) {
          const response = await fetch(`${kit.http}/oauth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: SENTINEL.username, password: SENTINEL.password }),
          })
          const { token, ttl } = (await response.json()) as { token: string; ttl: number }
          return { token, expiresIn: ttl }
        },
        apply: { header: 'X-Auth-Token' },
      })
      const client = suite.client(strategy, { auth })
      expect((await client.request({ url: api('login/1') })).status).toBe(200)
      server.revokeAll()
      expect((await client.request({ url: api('login/2') })).status).toBe(200)
      expect(server.grants).toEqual(['login', 'login'])
      const hops = kit.log.at('/oauth/api/login/')
      expect(hops.map((hop) => hop.headers['x-auth-token']?.startsWith('sentinel-access'))).toEqual(
        [true, true, true],
      )
      expect(hops.every((hop) => hop.headers.authorization === undefined)).toBe(true)
    })

    it('two clients sharing a store share one token and one refresh', async () => {
      const { server, api, tokenUrl, auth } = world(suite, { latencyMs: 20 })
      const store = new MemoryTokenStore()
      const first = suite.client(clientCredentials(tokenUrl, { store, key: 'shared' }), { auth })
      const second = suite.client(clientCredentials(tokenUrl, { store, key: 'shared' }), { auth })
      const both = () =>
        Promise.all([
          ...Array.from({ length: 10 }, (_, n) => first.request({ url: api(`first/${n}`) })),
          ...Array.from({ length: 10 }, (_, n) => second.request({ url: api(`second/${n}`) })),
        ])
      expect((await both()).every((response) => response.status === 200)).toBe(true)
      expect(server.tokenRequests).toBe(1)
      server.revokeAll()
      expect((await both()).every((response) => response.status === 200)).toBe(true)
      expect(server.tokenRequests).toBe(2)
    })

    it('events and errors never carry the client secret, refresh token or password', async () => {
      const { api, tokenUrl, auth, events, server } = world(suite)
      const client = suite.client(clientCredentials(tokenUrl), { auth })
      await client.request({ url: api('events') })
      server.revokeAll()
      await client.request({ url: api('events-again') })
      expect(events.map((event) => event.type)).toEqual(['acquired', 'refreshed', 'retried'])
      expect(JSON.stringify(events)).not.toMatch(/sentinel/)
    })
  })
}
