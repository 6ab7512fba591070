import { bearer, INSECURE_TRANSPORT, isAuthError } from '@latchkey/core'
import { expect } from '../expect.js'
import { SENTINEL } from '../sentinels.js'
import type { Suite } from '../suite.js'

/** Scenario 7: no credentials over plain http to another machine. */
export function transportScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('transport security', () => {
    it('refuses plain http to a non-loopback host before anything is sent', async () => {
      const error = await suite
        .client(bearer(SENTINEL.token))
        .request({ url: 'http://api.latchkey.invalid/echo/insecure' })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        )
      // INSECURE_TRANSPORT, not a DNS failure: the check ran before any lookup or connection.
      expect(isAuthError(error), `expected an AuthError, got ${String(error)}`).toBe(true)
      expect((error as { code: string }).code).toBe(INSECURE_TRANSPORT)
      expect(String((error as Error).message)).not.toContain(SENTINEL.token)
    })

    it('lets the same request through when allowInsecureHttp is set (it then fails in DNS)', async () => {
      const error = await suite
        .client(bearer(SENTINEL.token), { auth: { allowInsecureHttp: true } })
        .request({ url: 'http://api.latchkey.invalid/echo/insecure' })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        )
      expect(error).toBeDefined()
      expect(isAuthError(error)).toBe(false)
    })
  })
}
