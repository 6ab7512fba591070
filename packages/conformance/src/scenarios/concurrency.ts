import { bearer, route } from '@latchkey/core'
import { expect } from '../expect.js'
import { SENTINEL } from '../sentinels.js'
import type { Suite } from '../suite.js'
import { perRequest } from '../test-strategies.js'

/** Scenario 9: concurrent requests never trade credentials. */
export function concurrencyScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('concurrency', () => {
    it('100 concurrent requests each carry their own credentials', async () => {
      const kit = suite.kit()
      const client = suite.client(perRequest())
      const responses = await Promise.all(
        Array.from({ length: 100 }, (_, n) =>
          client.request({
            url: `${kit.http}/echo/concurrent/${n}`,
            headers: { 'x-request': String(n) },
          }),
        ),
      )
      expect(responses.every((response) => response.status === 200)).toBe(true)
      const hops = kit.log.at('/echo/concurrent/')
      expect(hops).toHaveLength(100)
      for (const hop of hops) {
        expect(hop.headers.authorization).toBe(`Bearer token-${hop.path.split('/')[3]}`)
      }
    })

    it('100 concurrent requests across two origins each get that origin’s token', async () => {
      const kit = suite.kit()
      const client = suite.client(
        route({ [kit.http]: bearer(SENTINEL.token), [kit.other]: bearer(SENTINEL.asyncToken) }),
      )
      await Promise.all(
        Array.from({ length: 100 }, (_, n) =>
          client.request({ url: `${n % 2 === 0 ? kit.http : kit.other}/echo/mixed/${n}` }),
        ),
      )
      const hops = kit.log.at('/echo/mixed/')
      expect(hops).toHaveLength(100)
      for (const hop of hops) {
        const token = hop.origin === kit.http ? SENTINEL.token : SENTINEL.asyncToken
        expect(hop.headers.authorization).toBe(`Bearer ${token}`)
      }
    })
  })
}
