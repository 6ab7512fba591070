import { apiKey, bearer, chain } from '@latchkey/core'
import { expect } from '../expect.js'
import { SENTINEL } from '../sentinels.js'
import { expectNoCredentials, onlyHop, type Suite } from '../suite.js'

/** Scenario 3: the caller's own credential wins; the per-request opt-out sends nothing. */
export function explicitScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('the caller stays in charge', () => {
    it('leaves an Authorization the caller set alone', async () => {
      const kit = suite.kit()
      await suite.client(bearer(SENTINEL.token)).request({
        url: `${kit.http}/echo/explicit`,
        headers: { Authorization: 'Bearer callers-own-token' },
      })
      expect(onlyHop(kit, '/echo/explicit').headers.authorization).toBe('Bearer callers-own-token')
    })

    it('keeps applying the other parts of a chain', async () => {
      const kit = suite.kit()
      const strategy = chain(
        apiKey({ header: 'X-API-Key', value: SENTINEL.apiKey }),
        bearer(SENTINEL.token),
      )
      await suite.client(strategy).request({
        url: `${kit.http}/echo/explicit-chain`,
        headers: { authorization: 'Bearer callers-own-token' },
      })
      const hop = onlyHop(kit, '/echo/explicit-chain')
      expect(hop.headers.authorization).toBe('Bearer callers-own-token')
      expect(hop.headers['x-api-key']).toBe(SENTINEL.apiKey)
    })

    it('sends no credentials on a request that opts out', async () => {
      const kit = suite.kit()
      const strategy = chain(
        apiKey({ query: 'api_key', value: SENTINEL.queryKey }),
        bearer(SENTINEL.token),
      )
      await suite.client(strategy).request({ url: `${kit.http}/echo/opt-out?x=1`, optOut: true })
      const hop = onlyHop(kit, '/echo/opt-out')
      expectNoCredentials(hop)
      expect(hop.query.toString()).toBe('x=1')
    })
  })
}
