import { bearer, CHALLENGE_FAILED, isAuthError, proxyAuth } from '@latchkey/core'
import { expect } from '../expect.js'
import { type Squid, squidAvailable, startSquid } from '../kit/squid.js'
import { findLeaks } from '../leaks.js'
import { SENTINEL } from '../sentinels.js'
import { onlyHop, type Suite } from '../suite.js'
import { missing } from './installed.js'

const PROXY_USER = 'squid-user'

/**
 * Proxy authentication against Debian's squid (Basic, basic_ncsa_auth), started here when
 * `squid` and `apache2-utils` are installed. Missing, it fails under CI=1 and is skipped
 * with a message elsewhere.
 */
export function proxySquidScenarios(suite: Suite): void {
  const { afterAll, beforeAll, describe, it } = suite.test
  const requirement = {
    title: 'proxy authentication against squid',
    program: 'squid',
    packages: ['squid', 'apache2-utils'],
    available: squidAvailable,
  }
  if (missing(suite, requirement)) return

  describe('proxy authentication against squid (Basic)', () => {
    let squid: Squid | undefined
    beforeAll(async () => {
      squid = await startSquid({ [PROXY_USER]: SENTINEL.proxy })
    }, 30_000)
    afterAll(async () => {
      await squid?.stop()
    })
    const proxy = () => {
      if (squid === undefined) throw new Error('squid did not start')
      return squid.url
    }
    const skipUnlessProxies = (skip: (note: string) => void) => {
      if (suite.adapter.supports?.proxies === false) skip('this client cannot use a proxy here')
    }

    for (const origin of ['https', 'http'] as const) {
      it(`answers squid's 407 on the CONNECT to an ${origin} origin`, async ({ skip }) => {
        skipUnlessProxies(skip)
        const kit = suite.kit()
        const path = `/echo/squid-${origin}`
        const response = await suite
          .client(bearer(SENTINEL.token), {
            proxy: proxy(),
            tunnel: { auth: proxyAuth({ username: PROXY_USER, password: SENTINEL.proxy }) },
          })
          .request({ url: `${kit[origin]}${path}` })
        // squid lets only authenticated users through: a 200 means it took the credentials.
        expect(response.status).toBe(200)
        const hop = onlyHop(kit, path)
        expect(hop.headers['proxy-authorization']).toBeUndefined()
        expect(hop.headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
        // squid logs a CONNECT when its tunnel closes; a refusal at once.
        const authority = new URL(kit[origin]).host
        const log = (await squid?.accessLog()) ?? ''
        expect(log, log).toMatch(new RegExp(`TCP_DENIED/407 .* CONNECT ${authority} `))
      })
    }

    it('ends a wrong password with CHALLENGE_FAILED, the password nowhere in the error', async ({
      skip,
    }) => {
      skipUnlessProxies(skip)
      const kit = suite.kit()
      const wrong = `${SENTINEL.proxy}-wrong`
      const error = await suite
        .client(bearer(SENTINEL.token), {
          proxy: proxy(),
          tunnel: { auth: proxyAuth({ username: PROXY_USER, password: wrong }) },
        })
        .request({ url: `${kit.https}/echo/squid-wrong` })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        )
      expect(isAuthError(error), `expected an AuthError, got ${String(error)}`).toBe(true)
      expect((error as { code: string }).code).toBe(CHALLENGE_FAILED)
      const basic = Buffer.from(`${PROXY_USER}:${wrong}`).toString('base64')
      expect(findLeaks(error, [wrong, basic])).toEqual([])
      expect(kit.log.at('/echo/squid-wrong')).toHaveLength(0)
    })
  })
}
