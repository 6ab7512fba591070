import {
  bearer,
  CHALLENGE_FAILED,
  CHANNELS,
  INSECURE_TRANSPORT,
  isAuthError,
  proxyAuth,
  subscribe,
} from '@latchkey/core'
import { expect } from '../expect.js'
import { type AuthProxyServer, startProxy } from '../kit/proxy-server.js'
import { findLeaks } from '../leaks.js'
import { SENTINEL, sentinelForms } from '../sentinels.js'
import { onlyHop, type Suite } from '../suite.js'

const PROXY_USER = 'proxy-user'

/** The proxy password in every form it could leak in: as is, and Basic's base64. */
const proxySecrets = (password: string) => [
  ...sentinelForms(),
  password,
  Buffer.from(`${PROXY_USER}:${password}`).toString('base64'),
]

/**
 * Proxy authentication (407): Latchkey's tunnelling agents answer a Basic or Digest
 * proxy's challenge on the CONNECT, and nowhere else.
 */
export function proxyAuthScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('proxy authentication', () => {
    const proxies: AuthProxyServer[] = []
    const start = async (scheme: 'basic' | 'digest') => {
      const proxy = await startProxy({
        auth: { scheme, username: PROXY_USER, password: SENTINEL.proxy },
      })
      proxies.push(proxy)
      return proxy
    }
    const stopAll = async () => {
      await Promise.all(proxies.splice(0).map((proxy) => proxy.close()))
    }
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (thrown: unknown) => thrown,
      )
    const credentials = (password: string = SENTINEL.proxy) =>
      proxyAuth({ username: PROXY_USER, password })

    for (const scheme of ['basic', 'digest'] as const) {
      for (const origin of ['https', 'http'] as const) {
        it(`answers a ${scheme} proxy's 407 on the CONNECT to an ${origin} origin; the origin never sees Proxy-Authorization`, async ({
          skip,
        }) => {
          if (suite.adapter.supports?.proxies === false) skip('this client cannot use a proxy here')
          const kit = suite.kit()
          const proxy = await start(scheme)
          try {
            const path = `/echo/proxy-${scheme}-${origin}`
            const response = await suite
              .client(bearer(SENTINEL.token), {
                proxy: proxy.url,
                tunnel: { auth: credentials() },
              })
              .request({ url: `${kit[origin]}${path}` })
            expect(response.status).toBe(200)
            const authority = `CONNECT ${new URL(kit[origin]).host}`
            expect(proxy.received.map((entry) => `${entry.target} ${entry.status}`)).toEqual([
              `${authority} 407`,
              `${authority} 200`,
            ])
            expect(proxy.received[0]?.authorization).toBeUndefined()
            expect(proxy.received[1]?.authorization).toMatch(
              scheme === 'basic' ? /^Basic / : /^Digest .*uri="127\.0\.0\.1:\d+"/,
            )
            const hop = onlyHop(kit, path)
            expect(hop.headers['proxy-authorization']).toBeUndefined()
            expect(hop.headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
          } finally {
            await stopAll()
          }
        })
      }
    }

    it('ends a wrong proxy password with CHALLENGE_FAILED after one retry, the password nowhere in the error', async ({
      skip,
    }) => {
      if (suite.adapter.supports?.proxies === false) skip('this client cannot use a proxy here')
      const kit = suite.kit()
      const proxy = await start('digest')
      const wrong = `${SENTINEL.proxy}-wrong`
      try {
        const error = await failure(
          suite
            .client(bearer(SENTINEL.token), {
              proxy: proxy.url,
              tunnel: { auth: credentials(wrong) },
            })
            .request({ url: `${kit.https}/echo/proxy-wrong` }),
        )
        expect(isAuthError(error), `expected an AuthError, got ${String(error)}`).toBe(true)
        expect((error as { code: string }).code).toBe(CHALLENGE_FAILED)
        expect((error as { status?: number }).status).toBe(407)
        expect(proxy.received.map((entry) => entry.status)).toEqual([407, 407])
        expect(findLeaks(error, proxySecrets(wrong))).toEqual([])
        expect(kit.log.at('/echo/proxy-wrong')).toHaveLength(0)
      } finally {
        await stopAll()
      }
    })

    it('ends a 407 with CHALLENGE_FAILED when no proxy credentials were given', async ({
      skip,
    }) => {
      if (suite.adapter.supports?.proxies === false) skip('this client cannot use a proxy here')
      const kit = suite.kit()
      const proxy = await start('basic')
      try {
        const error = await failure(
          suite
            .client(bearer(SENTINEL.token), { proxy: proxy.url, tunnel: {} })
            .request({ url: `${kit.https}/echo/proxy-none` }),
        )
        expect(isAuthError(error), `expected an AuthError, got ${String(error)}`).toBe(true)
        expect((error as { code: string }).code).toBe(CHALLENGE_FAILED)
        expect(proxy.received).toHaveLength(1)
      } finally {
        await stopAll()
      }
    })

    it("never answers an origin's 407 inside the tunnel: the proxy credentials stay with the proxy", async ({
      skip,
    }) => {
      if (suite.adapter.supports?.proxies === false) skip('this client cannot use a proxy here')
      const kit = suite.kit()
      kit.handle('/phish', (_hop, _url, response) => {
        response
          .writeHead(407, { 'proxy-authenticate': 'Basic realm="phish"', 'content-length': '0' })
          .end()
      })
      const proxy = await start('basic')
      try {
        const outcome = await suite
          .client(bearer(SENTINEL.token), { proxy: proxy.url, tunnel: { auth: credentials() } })
          .request({ url: `${kit.https}/phish` })
          .then(
            (response) => response.status,
            (thrown: unknown) => thrown,
          )
        // fetch turns any 407 into a network error (the Fetch standard); the others show it.
        if (typeof outcome === 'number') expect(outcome).toBe(407)
        else expect(isAuthError(outcome), String(outcome)).toBe(false)
        const hops = kit.log.at('/phish')
        expect(hops).toHaveLength(1)
        expect(hops[0]?.headers['proxy-authorization']).toBeUndefined()
        expect(proxy.received).toHaveLength(2)
      } finally {
        await stopAll()
      }
    })

    it('publishes no proxy credential on any channel', async ({ skip }) => {
      if (suite.adapter.supports?.proxies === false) skip('this client cannot use a proxy here')
      const kit = suite.kit()
      const proxy = await start('basic')
      const messages: unknown[] = []
      const stops = Object.values(CHANNELS).map((name) =>
        subscribe(name, (message) => messages.push(message)),
      )
      try {
        const response = await suite
          .client(bearer(SENTINEL.token), { proxy: proxy.url, tunnel: { auth: credentials() } })
          .request({ url: `${kit.https}/echo/proxy-observed` })
        expect(response.status).toBe(200)
        expect(messages.length).toBeGreaterThan(0)
        const everything = JSON.stringify(messages)
        for (const secret of proxySecrets(SENTINEL.proxy).filter(
          (value) => value !== SENTINEL.token,
        ))
          expect(everything).not.toContain(secret)
      } finally {
        for (const stop of stops) stop()
        await stopAll()
      }
    })

    it('still refuses plain http through an authenticating proxy on another machine', async ({
      skip,
    }) => {
      if (suite.adapter.supports?.proxies === false) skip('this client cannot use a proxy here')
      const kit = suite.kit()
      const error = await failure(
        suite
          .client(bearer(SENTINEL.token), {
            proxy: 'http://proxy.latchkey.invalid:3128',
            tunnel: { auth: credentials() },
          })
          .request({ url: `${kit.http}/echo/proxy-remote` }),
      )
      expect(isAuthError(error), `expected an AuthError, got ${String(error)}`).toBe(true)
      expect((error as { code: string }).code).toBe(INSECURE_TRANSPORT)
      expect(kit.log.at('/echo/proxy-remote')).toHaveLength(0)
    })
  })
}
