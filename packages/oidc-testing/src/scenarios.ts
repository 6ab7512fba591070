import { inspect } from 'node:util'
import type { Suite, UniformClient } from '@latchkey/conformance'
import { expectNoCredentials, findLeaks, SENTINEL, sentinelForms } from '@latchkey/conformance'
import type { Kit } from '@latchkey/conformance/kit'
import { json } from '@latchkey/conformance/kit'
import { type AuthEvent, type AuthStrategy, isAuthError, MemoryTokenStore } from '@latchkey/core'
import { rejection } from '@latchkey/core/testing'
import { oidc } from '@latchkey/oidc'
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type OidcProvider, startOidcProvider } from './provider.js'

const API = '/oidc-api'

class TestClock {
  time = Date.now()
  now = () => this.time
  advance(seconds: number) {
    this.time += seconds * 1000
  }
}

/**
 * Every credential a scenario could leak: the sentinels, the client's private key, and
 * whatever travelled to the provider or the API (tokens, refresh tokens, device codes,
 * assertions, proofs).
 */
function secretsSeen(provider: OidcProvider, kit: Kit): string[] {
  const secrets = new Set([...sentinelForms(), provider.clients.privateKeyJwt.privateKey.d ?? ''])
  for (const hop of provider.hops) {
    for (const name of ['refresh_token', 'device_code', 'client_assertion', 'subject_token']) {
      const value = hop.params.get(name)
      if (value) secrets.add(value)
    }
  }
  for (const hop of kit.log.all()) {
    const authorization = hop.headers.authorization?.replace(/^(Bearer|DPoP) /i, '')
    if (authorization) secrets.add(authorization)
    if (hop.headers.dpop) secrets.add(hop.headers.dpop)
  }
  secrets.delete('')
  return [...secrets]
}

function expectNoSecrets(error: unknown, events: AuthEvent[], secrets: readonly string[]): void {
  expect(findLeaks(error, secrets)).toEqual([])
  const logged = JSON.stringify(events)
  for (const secret of secrets) expect(logged, 'an event carried a secret').not.toContain(secret)
}

/**
 * The OpenID Connect scenarios: `@latchkey/oidc` strategies against a real OpenID
 * provider (oidc-provider, in this process, on loopback) and an API that validates the
 * tokens and DPoP proofs it receives, through the adapter under test. Pass it to
 * `describeAdapter(adapter, { scenarios: [oidcScenarios] })`.
 */
export function oidcScenarios(suite: Suite): void {
  describe('oidc', () => {
    let running: OidcProvider | undefined
    // Generous: on a busy machine starting the provider competes with every other suite.
    beforeAll(async () => {
      running = await startOidcProvider({ clientSecret: SENTINEL.clientSecret })
    }, 60_000)
    afterAll(async () => {
      await running?.close()
    })
    beforeEach(() => {
      provider().reset()
      suite.kit().handle(API, provider().api.handler)
      suite.kit().handle('/.well-known/oauth-protected-resource', provider().api.metadataHandler)
    })
    const provider = () => {
      if (running === undefined) throw new Error('the OpenID provider is not running')
      return running
    }

    function world() {
      const kit = suite.kit()
      const clock = new TestClock()
      const events: AuthEvent[] = []
      const auth = { clock, onEvent: (event: AuthEvent) => events.push(event) }
      const api = (path: string) => `${kit.http}${API}/${path}`
      const client = (strategy: AuthStrategy) => suite.client(strategy, { auth })
      return { kit, provider: provider(), clock, events, auth, api, client }
    }

    const basic = (extra: Partial<Parameters<typeof oidc.clientCredentials>[0]> = {}) =>
      oidc.clientCredentials({
        issuer: provider().issuer,
        ...provider().clients.basic,
        scope: 'read',
        ...extra,
      })

    async function storm(client: UniformClient, url: (n: number) => string, count: number) {
      return Promise.all(Array.from({ length: count }, (_, n) => client.request({ url: url(n) })))
    }

    describe('client credentials', () => {
      it('client_secret_basic: one discovery, one token, a validated JWT on every request', async () => {
        const { provider, api, client } = world()
        const http = client(basic())
        for (let i = 0; i < 3; i++)
          expect((await http.request({ url: api(`cc/${i}`) })).status).toBe(200)
        expect(provider.hops.filter((hop) => hop.path.includes('/.well-known/'))).toHaveLength(1)
        expect(provider.grants()).toEqual(['client_credentials'])
        const token = provider.hops.find((hop) => hop.path === '/token')
        const basicAuth = Buffer.from(token?.headers.authorization?.slice(6) ?? '', 'base64')
        // RFC 6749 section 2.3.1: each part form-encoded, then Basic.
        expect(basicAuth.toString().split(':').map(decodeURIComponent)).toEqual([
          'service-basic',
          SENTINEL.clientSecret,
        ])
        expect(token?.params.has('client_secret')).toBe(false)
        expect(
          provider.api.accepted.map((request) => [request.scheme, request.claims.client_id]),
        ).toEqual([
          ['Bearer', 'service-basic'],
          ['Bearer', 'service-basic'],
          ['Bearer', 'service-basic'],
        ])
        expect(provider.api.accepted[0]?.claims.scope).toBe('read')
      })

      it('client_secret_post: the secret travels in the body, no Authorization header', async () => {
        const { provider, api, client } = world()
        const strategy = oidc.clientCredentials({
          issuer: provider.issuer,
          ...provider.clients.post,
          clientAuth: 'client_secret_post',
        })
        expect((await client(strategy).request({ url: api('post') })).status).toBe(200)
        const token = provider.hops.find((hop) => hop.path === '/token')
        expect(token?.headers.authorization).toBeUndefined()
        expect(token?.params.get('client_secret')).toBe(SENTINEL.clientSecret)
        expect(provider.api.accepted[0]?.claims.client_id).toBe('service-post')
      })

      it('private_key_jwt: a signed assertion and no secret at all', async () => {
        const { provider, api, client } = world()
        const strategy = oidc.clientCredentials({
          issuer: provider.issuer,
          ...provider.clients.privateKeyJwt,
        })
        expect((await client(strategy).request({ url: api('jwt') })).status).toBe(200)
        const token = provider.hops.find((hop) => hop.path === '/token')
        expect(token?.headers.authorization).toBeUndefined()
        expect(token?.params.get('client_assertion_type')).toBe(
          'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        )
        const assertion = decodeJwt(token?.params.get('client_assertion') ?? '')
        expect([assertion.iss, assertion.sub]).toEqual(['service-jwt', 'service-jwt'])
        expect(provider.api.accepted[0]?.claims.client_id).toBe('service-jwt')
      })

      it('resource: the indicator reaches the token endpoint and becomes the audience', async () => {
        const { provider, api, client } = world()
        const http = client(basic({ resource: provider.audience }))
        expect((await http.request({ url: api('resource') })).status).toBe(200)
        const token = provider.hops.find((hop) => hop.path === '/token')
        expect(token?.params.get('resource')).toBe(provider.audience)
        expect(provider.api.accepted[0]?.claims.aud).toBe(provider.audience)
      })

      it('expired token: the API refuses it, one new token, the request succeeds', async () => {
        const { provider, api, client } = world()
        provider.settings.accessTokenTtl = 30
        const http = client(basic())
        expect((await http.request({ url: api('fresh') })).status).toBe(200)
        provider.api.settings.clockAhead = 60
        provider.settings.accessTokenTtl = 3600
        expect((await http.request({ url: api('expired') })).status).toBe(200)
        expect(provider.grants()).toEqual(['client_credentials', 'client_credentials'])
        expect(provider.api.refused.map((request) => [request.path, request.error])).toEqual([
          [`${API}/expired`, 'invalid_token'],
        ])
      })

      it('a wrong client secret: TOKEN_ENDPOINT_ERROR (invalid_client), the secret nowhere', async () => {
        const { provider, api, client, events, kit } = world()
        const strategy = basic({ clientSecret: `${SENTINEL.clientSecret}-wrong` })
        const error = await rejection(client(strategy).request({ url: api('wrong') }))
        expect(error).toMatchObject({
          code: 'TOKEN_ENDPOINT_ERROR',
          oauthError: 'invalid_client',
          status: 401,
        })
        expect(kit.log.at(`${API}/wrong`)).toHaveLength(0)
        expectNoSecrets(error, events, [
          ...secretsSeen(provider, kit),
          `${SENTINEL.clientSecret}-wrong`,
        ])
      })

      it('the token endpoint down: TOKEN_ENDPOINT_ERROR 503, then it recovers', async () => {
        const { provider, api, client, events, kit } = world()
        provider.settings.tokenEndpointDown = true
        const http = client(basic())
        const error = await rejection(http.request({ url: api('down') }))
        expect(error).toMatchObject({ code: 'TOKEN_ENDPOINT_ERROR', status: 503 })
        expectNoSecrets(error, events, secretsSeen(provider, kit))
        provider.settings.tokenEndpointDown = false
        expect((await http.request({ url: api('up') })).status).toBe(200)
      })

      it('storm: 50 concurrent requests on a cold cache -> one discovery, one token', async () => {
        const { provider, api, client } = world()
        const responses = await storm(client(basic()), (n) => api(`storm/${n}`), 50)
        expect(responses.every((response) => response.status === 200)).toBe(true)
        expect(provider.grants()).toEqual(['client_credentials'])
        expect(provider.hops.filter((hop) => hop.path.includes('/.well-known/'))).toHaveLength(1)
      })
    })

    describe('discovery', () => {
      const document = (kit: Kit, base: string, issuer: string) => ({
        issuer,
        token_endpoint: `${kit.http}${base}/token`,
        jwks_uri: `${kit.http}${base}/jwks`,
      })

      it('a document naming another issuer (a trailing slash) -> DISCOVERY_FAILED, no token request', async () => {
        const { kit, api, client } = world()
        kit.handle('/tenant/', (_hop, _url, response) =>
          json(response, 200, document(kit, '/tenant', `${kit.http}/tenant/`)),
        )
        const strategy = oidc.clientCredentials({
          issuer: `${kit.http}/tenant`,
          clientId: 'x',
          clientSecret: SENTINEL.clientSecret,
        })
        const error = await rejection(client(strategy).request({ url: api('mixup') }))
        expect(error).toMatchObject({ code: 'DISCOVERY_FAILED' })
        expect(kit.log.at('/tenant/.well-known/openid-configuration')).toHaveLength(1)
        expect(kit.log.at('/tenant/token')).toHaveLength(0)
        expect(kit.log.at(`${API}/mixup`)).toHaveLength(0)
      })

      it('an issuer nobody answers for -> DISCOVERY_FAILED; one that hangs -> TIMEOUT', async () => {
        const { kit, api, client } = world()
        const closed = oidc.clientCredentials({
          issuer: kit.closed,
          clientId: 'x',
          clientSecret: SENTINEL.clientSecret,
        })
        expect(await rejection(client(closed).request({ url: api('closed') }))).toMatchObject({
          code: 'DISCOVERY_FAILED',
        })
        // The kit's /slow route answers after a second: long after this strategy's timeout.
        const hangs = oidc.clientCredentials({
          issuer: `${kit.http}/slow`,
          clientId: 'x',
          clientSecret: SENTINEL.clientSecret,
          timeout: 300,
        })
        expect(await rejection(client(hangs).request({ url: api('hangs') }))).toMatchObject({
          code: 'TIMEOUT',
        })
      })

      it('a token endpoint that redirects is not followed: TOKEN_ENDPOINT_ERROR, nothing reaches the target', async () => {
        const { kit, api, client, events, provider } = world()
        kit.handle('/moved/', (hop, _url, response) => {
          if (hop.path.endsWith('/token')) {
            response.writeHead(307, { location: `${kit.other}/echo/stolen` })
            return void response.end()
          }
          json(response, 200, document(kit, '/moved', `${kit.http}/moved`))
        })
        const strategy = oidc.clientCredentials({
          issuer: `${kit.http}/moved`,
          clientId: 'x',
          clientSecret: SENTINEL.clientSecret,
        })
        const error = await rejection(client(strategy).request({ url: api('moved') }))
        expect(error).toMatchObject({ code: 'TOKEN_ENDPOINT_ERROR', status: 307 })
        expect(kit.log.at('/echo/stolen')).toHaveLength(0)
        expectNoSecrets(error, events, secretsSeen(provider, kit))
      })
    })

    describe('hostile or redirecting providers', () => {
      /** The provider's own discovery document, served under `base` on the kit as issuer `base`. */
      async function providerDocument(kit: Kit, base: string): Promise<Record<string, unknown>> {
        const found = await fetch(`${provider().issuer}/.well-known/openid-configuration`)
        return {
          ...((await found.json()) as Record<string, unknown>),
          issuer: `${kit.http}${base}`,
        }
      }

      it('a discovery URL that redirects (301) to its slashed form on the same origin is followed', async () => {
        const { kit, api, client } = world()
        kit.handle('/slashed/', async (hop, _url, response) => {
          if (hop.path === '/slashed/.well-known/openid-configuration') {
            response.writeHead(301, { location: `${hop.path}/` })
            return void response.end()
          }
          json(response, 200, await providerDocument(kit, '/slashed'))
        })
        const strategy = oidc.clientCredentials({
          issuer: `${kit.http}/slashed`,
          ...provider().clients.basic,
          scope: 'read',
        })
        const response = await client(strategy).request({ url: api('slashed') })
        expect(response.status).toBe(200)
        expect(kit.log.at('/slashed/.well-known/openid-configuration')).toHaveLength(2)
      })

      it('a discovery redirect to another origin is refused: DISCOVERY_FAILED, nothing sent there', async () => {
        const { kit, api, client } = world()
        kit.handle('/elsewhere/', (hop, _url, response) => {
          if (hop.origin === kit.other) return json(response, 200, {})
          response.writeHead(301, { location: `${kit.other}${hop.path}/` })
          response.end()
        })
        const strategy = oidc.clientCredentials({
          issuer: `${kit.http}/elsewhere`,
          ...provider().clients.basic,
        })
        const error = await rejection(client(strategy).request({ url: api('elsewhere') }))
        expect(error).toMatchObject({ code: 'DISCOVERY_FAILED' })
        expect(kit.log.at('/elsewhere/').filter((hop) => hop.origin === kit.other)).toEqual([])
      })

      it('same-origin discovery redirects are bounded: DISCOVERY_FAILED after 3', async () => {
        const { kit, api, client } = world()
        kit.handle('/loop/', (hop, _url, response) => {
          response.writeHead(302, { location: `${hop.path}?again=${kit.log.at('/loop/').length}` })
          response.end()
        })
        const strategy = oidc.clientCredentials({
          issuer: `${kit.http}/loop`,
          ...provider().clients.basic,
        })
        const error = await rejection(client(strategy).request({ url: api('loop') }))
        expect(error).toMatchObject({ code: 'DISCOVERY_FAILED' })
        expect(kit.log.at('/loop/')).toHaveLength(4)
      })

      it('an endless discovery document: RESPONSE_TOO_LARGE, the connection closed', async () => {
        const { kit, api, client } = world()
        let closed = false
        kit.handle('/endless/', (_hop, _url, response) => {
          response.writeHead(200, { 'content-type': 'application/json' })
          response.write('{"issuer":"')
          const chunk = Buffer.alloc(16 * 1024, 'a')
          const more = () => {
            while (!response.destroyed)
              if (!response.write(chunk)) return void response.once('drain', more)
          }
          response.once('close', () => {
            closed = true
          })
          more()
        })
        const strategy = oidc.clientCredentials({
          issuer: `${kit.http}/endless`,
          ...provider().clients.basic,
          timeout: 10_000,
        })
        const error = await rejection(client(strategy).request({ url: api('endless') }))
        expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE' })
        for (let turn = 0; turn < 200 && !closed; turn++)
          await new Promise((resolve) => setTimeout(resolve, 10))
        expect(closed, 'the client should close the connection').toBe(true)
      })

      it("a token endpoint echoing the client secret as its error code: 'unregistered_error', in the error and the event", async () => {
        const { kit, api, client, events } = world()
        const secret = 'sentinel_oidc_client_secret_5a1f'
        kit.handle('/echoing/', (hop, _url, response) => {
          if (hop.path.endsWith('/token'))
            return json(response, 400, { error: secret }, { 'x-echo': secret })
          json(response, 200, {
            issuer: `${kit.http}/echoing`,
            token_endpoint: `${kit.http}/echoing/token`,
          })
        })
        const strategy = oidc.clientCredentials({
          issuer: `${kit.http}/echoing`,
          clientId: 'x',
          clientSecret: secret,
        })
        const error = await rejection(client(strategy).request({ url: api('echoing') }))
        expect(error).toMatchObject({
          code: 'TOKEN_ENDPOINT_ERROR',
          oauthError: 'unregistered_error',
        })
        expect(events).toContainEqual(
          expect.objectContaining({ type: 'failed', oauthError: 'unregistered_error' }),
        )
        expect(JSON.stringify(events)).not.toContain(secret)
        const everything = inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })
        expect(everything).not.toContain(secret)
      })
    })

    describe('refresh tokens', () => {
      const refreshing = (refreshToken: string, extra = {}) =>
        oidc.refreshToken({
          issuer: provider().issuer,
          ...provider().clients.public,
          refreshToken,
          ...extra,
        })

      it('rotation: each refresh token is used once; a storm on an expired token makes one refresh', async () => {
        const { provider, api, client, clock } = world()
        const initial = await provider.issueRefreshToken('cli')
        const http = client(refreshing(initial))
        for (let round = 0; round < 3; round++) {
          const responses = await storm(http, (n) => api(`rotation/${round}/${n}`), 20)
          expect(responses.every((response) => response.status === 200)).toBe(true)
          clock.advance(301)
        }
        const presented = provider.hops
          .filter((hop) => hop.path === '/token')
          .map((hop) => hop.params.get('refresh_token'))
        expect(presented).toHaveLength(3)
        expect(presented[0]).toBe(initial)
        expect(new Set(presented).size).toBe(3)
        expect(provider.api.refused).toEqual([])
      })

      it('a revoked refresh token: REFRESH_FAILED (invalid_grant), no secret in the error or events', async () => {
        const { provider, api, client, events, kit } = world()
        const revoked = await provider.issueRefreshToken('cli')
        await provider.revokeRefreshToken(revoked)
        const error = await rejection(client(refreshing(revoked)).request({ url: api('revoked') }))
        expect(isAuthError(error)).toBe(true)
        expect(error).toMatchObject({ code: 'REFRESH_FAILED', oauthError: 'invalid_grant' })
        expectNoSecrets(error, events, [...secretsSeen(provider, kit), revoked])
      })
    })

    describe('DPoP', () => {
      const bound = (extra: Partial<Parameters<typeof oidc.clientCredentials>[0]> = {}) =>
        basic({ dpop: true, ...extra })

      it('Authorization: DPoP and a fresh proof per request (jti, htm, htu without query, ath)', async () => {
        const { provider, api, client, kit } = world()
        const http = client(bound())
        for (let i = 0; i < 3; i++)
          expect(
            (await http.request({ url: `${api(`dpop/${i}`)}?page=${i}`, method: 'GET' })).status,
          ).toBe(200)
        expect(provider.api.accepted.map((request) => request.scheme)).toEqual([
          'DPoP',
          'DPoP',
          'DPoP',
        ])
        expect(provider.api.accepted.map((request) => request.proof?.htu)).toEqual(
          [0, 1, 2].map((i) => api(`dpop/${i}`)),
        )
        expect(new Set(provider.api.accepted.map((request) => request.proof?.jti)).size).toBe(3)
        expect(provider.api.accepted[0]?.claims.cnf).toHaveProperty('jkt')
        const token = provider.hops.find((hop) => hop.path === '/token')
        expect(decodeProtectedHeader(token?.headers.dpop ?? '').typ).toBe('dpop+jwt')
        for (const hop of kit.log.at(`${API}/dpop/`))
          expect(hop.headers.authorization).toMatch(/^DPoP /)
      })

      it('storm: 30 concurrent requests -> one token, 30 distinct proofs', async () => {
        const { provider, api, client } = world()
        const responses = await storm(client(bound()), (n) => api(`dpop-storm/${n}`), 30)
        expect(responses.every((response) => response.status === 200)).toBe(true)
        expect(provider.grants()).toEqual(['client_credentials'])
        expect(new Set(provider.api.accepted.map((request) => request.proof?.jti)).size).toBe(30)
      })

      it('a redirect to the same origin gets a proof for the new method and URL; another origin gets neither', async () => {
        const { provider, api, client, kit } = world()
        const http = client(bound())
        const landed = await http.request({
          url: `${kit.http}/redirect?status=303&to=${encodeURIComponent(`${API}/landed?x=1`)}`,
          method: 'POST',
          body: { kind: 'text', value: 'payload' },
        })
        expect(landed.status).toBe(200)
        expect(provider.api.accepted.at(-1)?.proof).toMatchObject({
          htm: 'GET',
          htu: api('landed'),
        })
        const first = kit.log.at('/redirect')[0]
        expect(decodeJwt(first?.headers.dpop ?? '')).toMatchObject({
          htm: 'POST',
          htu: `${kit.http}/redirect`,
        })
        await http.request({
          url: `${kit.http}/redirect?status=307&to=${encodeURIComponent(`${kit.other}/echo/away`)}`,
        })
        const away = kit.log.at('/echo/away')[0]
        expectNoCredentials(away)
        expect(away?.headers.dpop).toBeUndefined()
      })

      it('the token endpoint asks for a nonce: exactly one retry with it', async () => {
        const { provider, api, client } = world()
        provider.settings.requireDpopNonce = true
        expect((await client(bound()).request({ url: api('as-nonce') })).status).toBe(200)
        const tokens = provider.hops.filter((hop) => hop.path === '/token')
        expect(tokens).toHaveLength(2)
        expect(decodeJwt(tokens[0]?.headers.dpop ?? '').nonce).toBeUndefined()
        expect(typeof decodeJwt(tokens[1]?.headers.dpop ?? '').nonce).toBe('string')
      })

      it('API nonces: one retry on use_dpop_nonce; an announced rotation is used without one', async () => {
        const { provider, api, client, kit } = world()
        provider.api.settings.requireNonce = true
        const http = client(bound())
        expect((await http.request({ url: api('rs-nonce/1') })).status).toBe(200)
        expect(kit.log.at(`${API}/rs-nonce/1`)).toHaveLength(2)
        provider.api.rotateNonce({ announce: true })
        expect((await http.request({ url: api('rs-nonce/2') })).status).toBe(200)
        expect((await http.request({ url: api('rs-nonce/3') })).status).toBe(200)
        expect(kit.log.at(`${API}/rs-nonce/2`)).toHaveLength(1)
        expect(kit.log.at(`${API}/rs-nonce/3`)).toHaveLength(1)
        expect(decodeJwt(kit.log.at(`${API}/rs-nonce/3`)[0]?.headers.dpop ?? '').nonce).toBe(
          provider.api.nonce,
        )
        provider.api.rotateNonce()
        expect((await http.request({ url: api('rs-nonce/4') })).status).toBe(200)
        expect(kit.log.at(`${API}/rs-nonce/4`)).toHaveLength(2)
        expect(provider.grants()).toEqual(['client_credentials'])
      })

      it('an API that wants a new nonce every time: two tries, then its 401 goes to the caller', async () => {
        const { provider, api, client, kit } = world()
        provider.api.settings.requireNonce = true
        kit.handle(`${API}/restless`, (hop, url, response) => {
          provider.api.rotateNonce()
          return provider.api.handler(hop, url, response)
        })
        const response = await client(bound()).request({ url: api('restless') })
        expect(response.status).toBe(401)
        expect(kit.log.at(`${API}/restless`)).toHaveLength(2)
        expect(provider.grants()).toEqual(['client_credentials'])
      })
    })

    describe('device flow', () => {
      const device = (extra: Partial<Parameters<typeof oidc.deviceCode>[0]> = {}) =>
        oidc.deviceCode({
          issuer: provider().issuer,
          ...provider().clients.public,
          scope: 'openid offline_access read',
          onUserCode: ({ userCode }) => provider().approve(userCode),
          ...extra,
        })

      it('the user code reaches the callback; polling at the interval; then refresh tokens, not a new login', async () => {
        const { provider, api, client, clock } = world()
        const prompts: { userCode: string; verificationUri: string }[] = []
        const http = client(
          device({
            onUserCode: async ({ userCode, verificationUri }) => {
              prompts.push({ userCode, verificationUri })
              await provider.approve(userCode)
            },
          }),
        )
        expect((await http.request({ url: api('device/1') })).status).toBe(200)
        expect(prompts).toHaveLength(1)
        expect(prompts[0]?.verificationUri).toBe(`${provider.issuer}/device`)
        expect(prompts[0]?.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/)
        expect(provider.grants()).toEqual(['urn:ietf:params:oauth:grant-type:device_code'])
        expect(provider.api.accepted[0]?.claims.sub).toBe('latchkey-user')
        clock.advance(301)
        expect((await http.request({ url: api('device/2') })).status).toBe(200)
        expect(provider.grants().at(-1)).toBe('refresh_token')
        expect(prompts).toHaveLength(1)
      })

      it('the user denies: TOKEN_ENDPOINT_ERROR (access_denied), the device code nowhere', async () => {
        const { provider, api, client, events, kit } = world()
        const strategy = device({ onUserCode: ({ userCode }) => provider.deny(userCode) })
        const error = await rejection(client(strategy).request({ url: api('denied') }))
        expect(error).toMatchObject({ code: 'TOKEN_ENDPOINT_ERROR', oauthError: 'access_denied' })
        expect(provider.hops.some((hop) => hop.params.has('device_code'))).toBe(true)
        expectNoSecrets(error, events, secretsSeen(provider, kit))
      })

      it('the login is cancelled through its signal: ABORTED, no poll after it', async () => {
        const { provider, api, client } = world()
        const controller = new AbortController()
        const strategy = device({ signal: controller.signal, onUserCode: () => controller.abort() })
        const error = await rejection(client(strategy).request({ url: api('cancelled') }))
        expect(error).toMatchObject({ code: 'ABORTED' })
        expect(provider.grants()).toEqual([])
      })

      it('with DPoP: the device and refresh tokens are bound to the key', async () => {
        const { provider, api, client, clock } = world()
        const http = client(device({ dpop: true }))
        expect((await http.request({ url: api('device-dpop/1') })).status).toBe(200)
        clock.advance(301)
        expect((await http.request({ url: api('device-dpop/2') })).status).toBe(200)
        expect(provider.grants()).toEqual([
          'urn:ietf:params:oauth:grant-type:device_code',
          'refresh_token',
        ])
        const [first, second] = provider.api.accepted
        expect(first?.scheme).toBe('DPoP')
        expect(second?.claims.cnf).toEqual(first?.claims.cnf)
      })
    })

    describe('authorization code + PKCE', () => {
      /** A command-line login whose browser is the scripted user agent. */
      const cliLogin = (
        extra: Partial<Parameters<typeof oidc.authorizationCode>[0]> = {},
        tamper: (callback: URL) => URL = (callback) => callback,
      ) => {
        const logins: string[] = []
        const strategy = oidc.authorizationCode({
          issuer: provider().issuer,
          clientId: provider().clients.native.clientId,
          scope: 'openid offline_access read',
          resource: provider().audience,
          onAuthorizationUrl: ({ url }) => {
            logins.push(url)
            void provider()
              .authorize(url)
              .then((callback) => fetch(tamper(callback)))
              .catch(() => {})
          },
          ...extra,
        })
        return { strategy, logins }
      }

      it('CLI login through a loopback listener; then refresh; a revoked refresh token: one new login for 20 waiting requests', async () => {
        const { provider, api, client, clock } = world()
        let required = 0
        const store = new MemoryTokenStore()
        const { strategy, logins } = cliLogin({
          store,
          key: 'login',
          onLoginRequired: () => {
            required++
            return true
          },
        })
        const http = client(strategy)
        expect((await http.request({ url: api('login/1') })).status).toBe(200)
        expect(provider.api.accepted[0]?.claims.sub).toBe('latchkey-user')
        expect(provider.api.accepted[0]?.claims.aud).toBe(provider.audience)
        clock.advance(301)
        expect((await http.request({ url: api('login/2') })).status).toBe(200)
        expect(provider.grants()).toEqual(['authorization_code', 'refresh_token'])
        await provider.revokeRefreshToken((await store.get('login'))?.refreshToken ?? '')
        clock.advance(301)
        const responses = await storm(http, (n) => api(`login/again/${n}`), 20)
        expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200))
        expect(required).toBe(1)
        expect(logins).toHaveLength(2)
        expect(provider.grants()).toEqual([
          'authorization_code',
          'refresh_token',
          'refresh_token',
          'authorization_code',
        ])
      })

      it('step-up (RFC 9470): insufficient_user_authentication -> one new login with acr_values, then the resend', async () => {
        const { provider, api, client } = world()
        const { strategy, logins } = cliLogin()
        const http = client(strategy)
        expect((await http.request({ url: api('weak') })).status).toBe(200)
        expect(provider.api.accepted[0]?.claims.acr).toBe('urn:latchkey:password')
        provider.api.settings.requireAcr = 'urn:latchkey:mfa'
        expect((await http.request({ url: api('strong') })).status).toBe(200)
        expect(logins).toHaveLength(2)
        expect(new URL(logins[1] ?? '').searchParams.get('acr_values')).toBe('urn:latchkey:mfa')
        expect(provider.api.accepted.at(-1)?.claims.acr).toBe('urn:latchkey:mfa')
        expect(provider.grants()).toEqual(['authorization_code', 'authorization_code'])
      })

      it('step-up: a login that stays too weak is tried once; the second 401 goes to the caller', async () => {
        const { provider, api, client } = world()
        let logins = 0
        const strategy = oidc.authorizationCode({
          issuer: provider.issuer,
          clientId: provider.clients.native.clientId,
          scope: 'openid offline_access read',
          resource: provider.audience,
          onAuthorizationUrl: ({ url }) => {
            logins++
            void provider
              .authorize(url, { acr: 'urn:latchkey:password' })
              .then((callback) => fetch(callback))
              .catch(() => {})
          },
        })
        const http = client(strategy)
        expect((await http.request({ url: api('weak') })).status).toBe(200)
        provider.api.settings.requireAcr = 'urn:latchkey:mfa'
        const response = await http.request({ url: api('still-weak') })
        expect(response.status).toBe(401)
        expect(response.headers.get('www-authenticate')).toContain(
          'insufficient_user_authentication',
        )
        expect(logins).toBe(2)
        expect(provider.api.refused.map((request) => request.error)).toEqual([
          'insufficient_user_authentication',
          'insufficient_user_authentication',
        ])
      })

      it('a callback with a wrong state: LOGIN_FAILED, no token request, no secret in the error or events', async () => {
        const { provider, api, client, events, kit } = world()
        const { strategy } = cliLogin({}, (callback) => {
          const forged = new URL(callback)
          forged.searchParams.set('state', 'forged')
          return forged
        })
        const error = await rejection(client(strategy).request({ url: api('forged') }))
        expect(error).toMatchObject({ code: 'LOGIN_FAILED' })
        expect(provider.grants()).toEqual([])
        expect(kit.log.at(`${API}/forged`)).toHaveLength(0)
        expectNoSecrets(error, events, secretsSeen(provider, kit))
      })

      it('server-side web login: the session strategy from finish() calls the API', async () => {
        const { provider, api, client } = world()
        const login = oidc.webLogin({
          issuer: provider.issuer,
          ...provider.clients.web,
          scope: 'openid read',
          resource: provider.audience,
        })
        const { url, pending } = await login.start()
        const strategy = await login.finish(await provider.authorize(url), pending)
        expect((await client(strategy).request({ url: api('web') })).status).toBe(200)
        expect(provider.api.accepted[0]?.claims.client_id).toBe(provider.clients.web.clientId)
      })
    })

    describe('discovery from the API (RFC 9728)', () => {
      /** With `registers`, no client id: the login registers one (RFC 7591). */
      const fromApi = (
        extra: Partial<Parameters<typeof oidc.protectedResource>[0]> = {},
        registers = false,
      ) =>
        oidc.protectedResource({
          url: `${suite.kit().http}${API}`,
          ...(!registers && { clientId: provider().clients.native.clientId }),
          scope: 'openid offline_access read',
          onAuthorizationUrl: ({ url }) => {
            void provider()
              .authorize(url)
              .then((callback) => fetch(callback))
              .catch(() => {})
          },
          ...extra,
        })

      it("the first 401 names the API's metadata, which names the provider; the token is for the API's URL", async () => {
        const { provider, api, client, kit } = world()
        const http = client(fromApi())
        const responses = await storm(http, (n) => api(`prm/${n}`), 5)
        expect(responses.map((response) => response.status)).toEqual(Array(5).fill(200))
        expect(kit.log.at(`${API}/prm/0`)[0]?.headers.authorization).toBeUndefined()
        const paths = provider.hops.map((hop) => hop.path)
        expect(paths.filter((path) => path.startsWith('/.well-known/'))).toEqual([
          '/.well-known/oauth-authorization-server',
        ])
        expect(provider.grants()).toEqual(['authorization_code'])
        const resource = `${kit.http}${API}`
        expect(provider.hops.find((hop) => hop.path === '/token')?.params.get('resource')).toBe(
          resource,
        )
        expect(provider.api.accepted.map((request) => request.claims.aud)).toEqual(
          Array(5).fill(resource),
        )
        expect((await http.request({ url: api('prm/again') })).status).toBe(200)
        expect(kit.log.at(`${API}/prm/again`)).toHaveLength(1)
      })

      it('an authorization server without RFC 8414 metadata: OpenID discovery instead', async () => {
        const { provider, api, client } = world()
        provider.settings.noOAuthMetadata = true
        expect((await client(fromApi()).request({ url: api('prm-oidc') })).status).toBe(200)
        expect(
          provider.hops.map((hop) => hop.path).filter((path) => path.startsWith('/.well-known/')),
        ).toEqual(['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'])
      })

      it('resource_metadata on another origin: DISCOVERY_FAILED and never fetched, unless allowed', async () => {
        const { provider, api, client, kit } = world()
        let logins = 0
        const foreign = kit.http.replace('127.0.0.1', 'localhost')
        provider.api.settings.metadataUrl = `${foreign}/.well-known/oauth-protected-resource${API}`
        provider.api.settings.metadataResource = `${kit.http}${API}`
        const strategy = fromApi({ onAuthorizationUrl: () => void logins++ })
        expect(await rejection(client(strategy).request({ url: api('foreign') }))).toMatchObject({
          code: 'DISCOVERY_FAILED',
        })
        expect(kit.log.all().filter((hop) => hop.path.startsWith('/.well-known/'))).toEqual([])
        expect(logins).toBe(0)
        expect(provider.hops).toEqual([])
        const allowed = fromApi({ allowedMetadataOrigins: [foreign] })
        expect((await client(allowed).request({ url: api('allowed') })).status).toBe(200)
      })

      it('metadata naming another resource than the API: DISCOVERY_FAILED, no login', async () => {
        const { provider, api, client } = world()
        let logins = 0
        provider.api.settings.metadataResource = 'http://127.0.0.1:9/oidc-api'
        const strategy = fromApi({ onAuthorizationUrl: () => void logins++ })
        expect(await rejection(client(strategy).request({ url: api('other') }))).toMatchObject({
          code: 'DISCOVERY_FAILED',
        })
        expect(logins).toBe(0)
        expect(provider.hops).toEqual([])
      })

      const registrations = (provider: OidcProvider) =>
        provider.hops.filter((hop) => hop.path === '/reg' && hop.method === 'POST')

      it('no client id: a public client is registered (RFC 7591) and kept; the next run reuses it', async () => {
        const { provider, api, client } = world()
        const store = new MemoryTokenStore()
        const http = client(fromApi({ store }, true))
        const responses = await storm(http, (n) => api(`dcr/${n}`), 3)
        expect(responses.map((response) => response.status)).toEqual([200, 200, 200])
        expect(registrations(provider)).toHaveLength(1)
        const registered = provider.api.accepted[0]?.claims.client_id
        expect(registered).toBeTypeOf('string')
        expect(registered).not.toBe(provider.clients.native.clientId)
        expect(provider.grants()).toEqual(['authorization_code'])
        // A second run on the same store: a login with the same client, no new registration.
        provider.reset()
        const again = client(fromApi({ store, key: 'second-run' }, true))
        expect((await again.request({ url: api('dcr/again') })).status).toBe(200)
        expect(registrations(provider)).toEqual([])
        expect(provider.grants()).toEqual(['authorization_code'])
        expect(provider.api.accepted.map((request) => request.claims.client_id)).toEqual([
          registered,
        ])
      })

      it('no client id and the registration refused: LOGIN_FAILED with its RFC 7591 code, no login, nothing sent to the API twice', async () => {
        const { provider, api, client, kit } = world()
        let logins = 0
        provider.settings.refuseRedirectUris = true
        const strategy = fromApi({ onAuthorizationUrl: () => void logins++ }, true)
        const error = await rejection(client(strategy).request({ url: api('dcr-refused') }))
        expect(error).toMatchObject({ code: 'LOGIN_FAILED', oauthError: 'invalid_redirect_uri' })
        expect(logins).toBe(0)
        expect(provider.grants()).toEqual([])
        expect(kit.log.at(`${API}/dcr-refused`)).toHaveLength(1)
      })

      it('a client secret the registration issues is used, and never shows in an error or event', async () => {
        const { provider, api, client, events, kit } = world()
        provider.settings.registrationAuthMethod = 'client_secret_post'
        const strategy = fromApi({}, true)
        expect((await client(strategy).request({ url: api('dcr-secret') })).status).toBe(200)
        const secret = provider.hops
          .find((hop) => hop.path === '/token')
          ?.params.get('client_secret')
        expect(secret).toBeTypeOf('string')
        // The API refuses the token as expired, and the refresh (with the secret) meets an outage.
        provider.settings.tokenEndpointDown = true
        provider.api.settings.clockAhead = 86_400
        const error = await rejection(client(strategy).request({ url: api('dcr-secret/again') }))
        expect(error).toMatchObject({ name: 'AuthError' })
        expectNoSecrets(error, events, [...secretsSeen(provider, kit), secret ?? ''])
      })
    })

    describe('JWT bearer grant (RFC 7523)', () => {
      const robot = (extra: Partial<Parameters<typeof oidc.jwtBearer>[0]['assertion']> = {}) =>
        oidc.jwtBearer({
          issuer: provider().issuer,
          ...provider().clients.public,
          scope: 'read',
          assertion: {
            privateKey: provider().clients.serviceAccount.privateKey,
            issuer: provider().clients.serviceAccount.id,
            ...extra,
          },
        })

      it('a service account signs a fresh assertion for each token; the API sees the account', async () => {
        const { provider, api, client, clock } = world()
        const http = client(robot())
        expect((await http.request({ url: api('robot/1') })).status).toBe(200)
        clock.advance(301)
        expect((await http.request({ url: api('robot/2') })).status).toBe(200)
        const assertions = provider.hops
          .filter((hop) => hop.path === '/token')
          .map((hop) => decodeJwt(hop.params.get('assertion') ?? ''))
        expect(assertions).toHaveLength(2)
        expect(assertions[0]).toMatchObject({
          iss: provider.clients.serviceAccount.id,
          sub: provider.clients.serviceAccount.id,
          aud: `${provider.issuer}/token`,
        })
        expect(assertions[0]?.jti).not.toBe(assertions[1]?.jti)
        expect(provider.api.accepted.map((request) => request.claims.sub)).toEqual([
          provider.clients.serviceAccount.id,
          provider.clients.serviceAccount.id,
        ])
      })

      it('an assertion signed with another key: TOKEN_ENDPOINT_ERROR (invalid_grant), no key or assertion leaks', async () => {
        const { provider, api, client, events, kit } = world()
        const other = await generateKeyPair('ES256', { extractable: true })
        const privateKey = await exportJWK(other.privateKey)
        const error = await rejection(
          client(robot({ privateKey })).request({ url: api('robot/forged') }),
        )
        expect(error).toMatchObject({ code: 'TOKEN_ENDPOINT_ERROR', oauthError: 'invalid_grant' })
        const assertion = provider.hops
          .find((hop) => hop.path === '/token')
          ?.params.get('assertion')
        expectNoSecrets(error, events, [
          ...secretsSeen(provider, kit),
          privateKey.d ?? '',
          assertion ?? '',
        ])
      })
    })

    describe('token exchange', () => {
      it("a service trades the token it was called with for one acting on the caller's behalf", async () => {
        const { provider, api, client, kit } = world()
        await client(basic()).request({ url: api('caller') })
        const incoming = kit.log.at(`${API}/caller`)[0]?.headers.authorization?.slice(7) ?? ''
        const strategy = oidc.tokenExchange({
          issuer: provider.issuer,
          ...provider.clients.post,
          clientAuth: 'client_secret_post',
          subjectToken: async () => incoming,
          scope: 'read',
        })
        expect((await client(strategy).request({ url: api('delegated') })).status).toBe(200)
        const exchange = provider.hops.filter((hop) => hop.path === '/token').at(-1)
        expect(exchange?.params.get('grant_type')).toBe(
          'urn:ietf:params:oauth:grant-type:token-exchange',
        )
        expect(exchange?.params.get('subject_token')).toBe(incoming)
        expect(exchange?.params.get('subject_token_type')).toBe(
          'urn:ietf:params:oauth:token-type:access_token',
        )
        const delegated = provider.api.accepted.at(-1)?.claims
        expect(delegated?.sub).toBe('service-basic')
        expect(delegated?.act).toEqual({ sub: 'service-post' })
      })

      it('a subject token the provider refuses: TOKEN_ENDPOINT_ERROR (invalid_grant), the token nowhere', async () => {
        const { provider, api, client, events, kit } = world()
        const strategy = oidc.tokenExchange({
          issuer: provider.issuer,
          ...provider.clients.basic,
          subjectToken: SENTINEL.token,
        })
        const error = await rejection(client(strategy).request({ url: api('refused') }))
        expect(error).toMatchObject({ code: 'TOKEN_ENDPOINT_ERROR', oauthError: 'invalid_grant' })
        expectNoSecrets(error, events, secretsSeen(provider, kit))
      })
    })
  })
}
