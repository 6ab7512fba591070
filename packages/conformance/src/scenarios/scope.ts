import { apiKey, bearer, route } from '@latchkey/core'
import { expect } from '../expect.js'
import { SENTINEL } from '../sentinels.js'
import { expectNoCredentials, onlyHop, type Suite } from '../suite.js'

/** Scenario 4: credentials only go where they belong. */
export function scopeScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('origin scope', () => {
    it('sends nothing to an origin outside the configured scope', async () => {
      const kit = suite.kit()
      const client = suite.client(bearer(SENTINEL.token), { auth: { origins: [kit.http] } })
      await client.request({ url: `${kit.http}/echo/in-scope` })
      await client.request({ url: `${kit.other}/echo/out-of-scope` })
      await client.request({ url: `${kit.localhost}/echo/other-host` })
      expect(onlyHop(kit, '/echo/in-scope').headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
      expectNoCredentials(onlyHop(kit, '/echo/out-of-scope'))
      expectNoCredentials(onlyHop(kit, '/echo/other-host'))
    })

    it('route() sends each origin its own credentials, and unlisted origins none', async () => {
      const kit = suite.kit()
      const strategy = route({
        [kit.http]: bearer(SENTINEL.token),
        [kit.other]: apiKey({ header: 'X-API-Key', value: SENTINEL.apiKey }),
      })
      const client = suite.client(strategy)
      await client.request({ url: `${kit.http}/echo/route-a` })
      await client.request({ url: `${kit.other}/echo/route-b` })
      await client.request({ url: `${kit.localhost}/echo/route-none` })
      const a = onlyHop(kit, '/echo/route-a')
      const b = onlyHop(kit, '/echo/route-b')
      expect(a.headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
      expect(a.headers['x-api-key']).toBeUndefined()
      expect(b.headers['x-api-key']).toBe(SENTINEL.apiKey)
      expect(b.headers.authorization).toBeUndefined()
      expectNoCredentials(onlyHop(kit, '/echo/route-none'))
    })
  })
}
