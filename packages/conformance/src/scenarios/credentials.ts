import { apiKey, basic, bearer } from '@latchkey/core'
import { expect } from '../expect.js'
import { SENTINEL } from '../sentinels.js'
import { onlyHop, type Suite } from '../suite.js'

/** Scenario 1: each strategy's exact bytes, as the server received them. */
export function credentialScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('credentials arrive byte for byte', () => {
    it('basic: base64 of the UTF-8 user:pass (non-ASCII password)', async () => {
      const kit = suite.kit()
      const client = suite.client(
        basic({ username: SENTINEL.username, password: SENTINEL.password }),
      )
      await client.request({ url: `${kit.http}/echo/basic` })
      const expected = Buffer.from(`${SENTINEL.username}:${SENTINEL.password}`, 'utf8').toString(
        'base64',
      )
      expect(onlyHop(kit, '/echo/basic').headers.authorization).toBe(`Basic ${expected}`)
    })

    it('bearer: a static token', async () => {
      const kit = suite.kit()
      await suite.client(bearer(SENTINEL.token)).request({ url: `${kit.http}/echo/bearer` })
      expect(onlyHop(kit, '/echo/bearer').headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
    })

    it('bearer: an async token function', async () => {
      const kit = suite.kit()
      const strategy = bearer(async () => {
        await new Promise((resolve) => setTimeout(resolve, 5))
        return SENTINEL.asyncToken
      })
      await suite.client(strategy).request({ url: `${kit.http}/echo/async` })
      expect(onlyHop(kit, '/echo/async').headers.authorization).toBe(
        `Bearer ${SENTINEL.asyncToken}`,
      )
    })

    it('apiKey in a header', async () => {
      const kit = suite.kit()
      const strategy = apiKey({ header: 'X-API-Key', value: SENTINEL.apiKey })
      await suite.client(strategy).request({ url: `${kit.http}/echo/header-key` })
      expect(onlyHop(kit, '/echo/header-key').headers['x-api-key']).toBe(SENTINEL.apiKey)
    })

    it('apiKey in the query, other parameters untouched', async () => {
      const kit = suite.kit()
      const strategy = apiKey({ query: 'api_key', value: SENTINEL.queryKey })
      await suite.client(strategy).request({ url: `${kit.http}/echo/query-key?a=1&b=two%20words` })
      const hop = onlyHop(kit, '/echo/query-key')
      expect(hop.query.get('api_key')).toBe(SENTINEL.queryKey)
      expect(hop.query.get('a')).toBe('1')
      expect(hop.query.get('b')).toBe('two words')
    })

    it('over https, with the base URL the user configured', async () => {
      const kit = suite.kit()
      const client = suite.client(bearer(SENTINEL.token), { baseUrl: `${kit.https}/echo/` })
      const response = await client.request({ url: 'relative/path' })
      expect(response.status).toBe(200)
      const hop = onlyHop(kit, '/echo/relative/path')
      expect(hop.origin).toBe(kit.https)
      expect(hop.headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
    })
  })
}
