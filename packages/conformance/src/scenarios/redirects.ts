import { apiKey, bearer, chain, isAuthError, UNSAFE_REDIRECT } from '@latchkey/core'
import { expect } from '../expect.js'
import { SENTINEL } from '../sentinels.js'
import { expectNoCredentials, expectRefusedRedirect, onlyHop, type Suite } from '../suite.js'

const statuses = [301, 302, 303, 307, 308] as const

function redirectTo(from: string, status: number, to: string): string {
  return `${from}/redirect?status=${status}&to=${encodeURIComponent(to)}`
}

/** Every secret a request can carry: the strategy's, the caller's cookie and proxy credentials. */
function strategyWithEverything() {
  return chain(
    apiKey({ header: 'X-API-KEY', value: SENTINEL.apiKey }),
    apiKey({ query: 'api_key', value: SENTINEL.queryKey }),
    bearer(SENTINEL.token),
  )
}
const callerSecrets = {
  CoOkIe: `session=${SENTINEL.cookie}`,
  'PROXY-authorization': `Basic ${SENTINEL.proxy}`,
}

/** Scenarios 5 and 6: redirects keep credentials at home and nowhere else. */
export function redirectScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  const readsRedirects = suite.adapter.supports?.readsRedirects !== false
  const caller = suite.adapter.supports?.setsForbiddenHeaders === false ? {} : callerSecrets
  /** Where a browser follows (Authorization only), the strategy every scenario can use. */
  const followable = () => (readsRedirects ? strategyWithEverything() : bearer(SENTINEL.token))

  describe('redirects', () => {
    for (const status of statuses) {
      it(`${status} to the same origin keeps credentials`, async () => {
        const kit = suite.kit()
        const client = suite.client(followable())
        const response = await client.request({ url: redirectTo(kit.http, status, '/echo/same') })
        expect(response.status).toBe(200)
        const hop = onlyHop(kit, '/echo/same')
        expect(hop.headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
        if (!readsRedirects) return
        expect(hop.headers['x-api-key']).toBe(SENTINEL.apiKey)
        expect(hop.query.get('api_key')).toBe(SENTINEL.queryKey)
      })

      it(`${status} to another port strips every secret, Authorization, Proxy-Authorization and Cookie`, async () => {
        const kit = suite.kit()
        const client = suite.client(followable())
        await client.request({
          url: redirectTo(kit.http, status, `${kit.other}/echo/port`),
          headers: caller,
        })
        const first = onlyHop(kit, '/redirect')
        if (caller === callerSecrets)
          expect(first.headers.cookie).toBe(`session=${SENTINEL.cookie}`)
        else expect(first.headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
        expectNoCredentials(onlyHop(kit, '/echo/port'))
      })

      it(`${status} to another host (localhost vs 127.0.0.1) strips everything`, async () => {
        const kit = suite.kit()
        const client = suite.client(followable())
        await client.request({
          url: redirectTo(kit.http, status, `${kit.localhost}/echo/host`),
          headers: caller,
        })
        expectNoCredentials(onlyHop(kit, '/echo/host'))
      })

      it.skipIf(readsRedirects)(
        `${status} with a credential a browser would carry along: refused before the target, same origin or not`,
        async () => {
          const kit = suite.kit()
          for (const key of [
            apiKey({ header: 'X-API-KEY', value: SENTINEL.apiKey }),
            apiKey({ query: 'api_key', value: SENTINEL.queryKey }),
          ]) {
            const client = suite.client(chain(key, bearer(SENTINEL.token)))
            const same = client.request({ url: redirectTo(kit.http, status, '/echo/kept') })
            await expectRefusedRedirect(same, kit, '/echo/kept')
            const away = `${kit.other}/echo/away`
            await expectRefusedRedirect(
              client.request({ url: redirectTo(kit.http, status, away) }),
              kit,
              '/echo/away',
            )
          }
          expect(kit.log.at('/redirect')).toHaveLength(4)
        },
      )
    }

    it('307 to the same origin resends method, body and credentials', async () => {
      const kit = suite.kit()
      await suite.client(bearer(SENTINEL.token)).request({
        method: 'POST',
        url: redirectTo(kit.http, 307, '/echo/post'),
        body: { kind: 'text', value: 'payload ✓' },
      })
      const hop = onlyHop(kit, '/echo/post')
      expect(hop.method).toBe('POST')
      expect(hop.body.toString('utf8')).toBe('payload ✓')
      expect(hop.headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
    })

    it('does not re-add credentials when the chain comes back to the origin', async () => {
      const kit = suite.kit()
      const back = redirectTo(kit.other, 302, `${kit.http}/echo/back`)
      await suite
        .client(followable())
        .request({ url: redirectTo(kit.http, 302, back), headers: caller })
      expect(kit.log.all().map((hop) => hop.path)).toEqual(['/redirect', '/redirect', '/echo/back'])
      expectNoCredentials(kit.log.all()[1])
      expectNoCredentials(onlyHop(kit, '/echo/back'))
    })

    it('https to http strips credentials, even on the same host', async () => {
      const kit = suite.kit()
      await suite
        .client(followable())
        .request({ url: redirectTo(kit.https, 302, `${kit.http}/echo/downgrade`) })
      expect(onlyHop(kit, '/redirect').headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
      expectNoCredentials(onlyHop(kit, '/echo/downgrade'))
    })

    for (const target of ['ftp://127.0.0.1/file', 'file:///etc/passwd', 'data:text/plain,hello']) {
      it(`refuses a redirect to ${target.split(':')[0]}: with UNSAFE_REDIRECT`, async () => {
        const kit = suite.kit()
        const error = await suite
          .client(bearer(SENTINEL.token))
          .request({ url: redirectTo(kit.http, 302, target) })
          .then(
            () => undefined,
            (thrown: unknown) => thrown,
          )
        // A browser follows itself and refuses with a network error, naming no reason.
        expect(error, 'the request should fail').toBeDefined()
        if (readsRedirects) {
          expect(isAuthError(error), `expected an AuthError, got ${String(error)}`).toBe(true)
          expect((error as { code: string }).code).toBe(UNSAFE_REDIRECT)
        }
        expect(kit.log.all()).toHaveLength(1)
      })
    }

    it('a Location with userinfo injects no credentials', async () => {
      const kit = suite.kit()
      const client = suite.client(bearer(SENTINEL.token))
      const sameOrigin = kit.http.replace('http://', 'http://intruder:injected@')
      const otherOrigin = kit.other.replace('http://', 'http://intruder:injected@')
      // A browser refuses such a Location from a page's cross-origin request (Fetch
      // standard): there the requests fail, and only the absence of a leak is checked.
      const send = (url: string) =>
        readsRedirects ? client.request({ url }) : client.request({ url }).catch(() => undefined)
      await send(redirectTo(kit.http, 302, `${sameOrigin}/echo/userinfo-same`))
      await send(redirectTo(kit.http, 302, `${otherOrigin}/echo/userinfo-other`))
      if (readsRedirects) {
        expect(onlyHop(kit, '/echo/userinfo-same').headers.authorization).toBe(
          `Bearer ${SENTINEL.token}`,
        )
        expectNoCredentials(onlyHop(kit, '/echo/userinfo-other'))
      }
      for (const hop of kit.log.at('/echo/userinfo-other')) expectNoCredentials(hop)
      const injected = Buffer.from('intruder:injected').toString('base64')
      for (const hop of kit.log.all())
        expect(JSON.stringify(hop.rawHeaders)).not.toContain(injected)
    })
  })
}
