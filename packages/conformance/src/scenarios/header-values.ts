import {
  apiKey,
  CREDENTIAL_UNAVAILABLE,
  INVALID_CONFIG,
  isAuthError,
  tokenLogin,
} from '@latchkey/core'
import { thrown } from '@latchkey/core/testing'
import { expect } from '../expect.js'
import type { Suite } from '../suite.js'

/** Values a header cannot carry as given: latin1, beyond latin1, a line separator, a lone surrogate. */
const UNSENDABLE = [
  'sentinel-clé-1234',
  'sentinel-€-1234',
  'sentinel-\u2028-1234',
  'sentinel-\ud800-1234',
]

/** Issue 10, point 12: header credentials are ASCII, checked at construction and per request. */
export function headerValueScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('credential values a header cannot carry', () => {
    it('apiKey refuses them at construction with INVALID_CONFIG', () => {
      for (const value of UNSENDABLE) {
        const error = thrown(() => apiKey({ header: 'X-API-Key', value }))
        expect(isAuthError(error), JSON.stringify(value)).toBe(true)
        expect((error as { code: string }).code).toBe(INVALID_CONFIG)
      }
      // A query parameter is percent-encoded as UTF-8, so only the lone surrogate is refused.
      expect(() => apiKey({ query: 'key', value: 'sentinel-€-1234' })).not.toThrow()
      expect(thrown(() => apiKey({ query: 'key', value: 'bad-\ud800-value' }))).toMatchObject({
        code: INVALID_CONFIG,
      })
    })

    it("a function's value: CREDENTIAL_UNAVAILABLE from the request, nothing sent", async () => {
      const kit = suite.kit()
      for (const value of UNSENDABLE) {
        const client = suite.client(apiKey({ header: 'X-API-Key', value: () => value }))
        const error = await client.request({ url: `${kit.http}/echo/fn` }).then(
          () => undefined,
          (thrown: unknown) => thrown,
        )
        expect(isAuthError(error), `${JSON.stringify(value)}: ${String(error)}`).toBe(true)
        expect((error as { code: string }).code).toBe(CREDENTIAL_UNAVAILABLE)
      }
      expect(kit.log.at('/echo/fn')).toHaveLength(0)
    })

    it('tokenLogin: a login returning a non-ASCII token is refused, nothing sent', async () => {
      const kit = suite.kit()
      const client = suite.client(
        tokenLogin({ login: async () => ({ token: 'sentinel-tokén-1234' }) }),
      )
      const error = await client.request({ url: `${kit.http}/echo/login` }).then(
        () => undefined,
        (thrown: unknown) => thrown,
      )
      expect(error).toMatchObject({ code: CREDENTIAL_UNAVAILABLE })
      expect(kit.log.at('/echo/login')).toHaveLength(0)
    })
  })
}
