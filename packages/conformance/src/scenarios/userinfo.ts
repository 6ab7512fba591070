import { bearer, CREDENTIALS_IN_URL, isAuthError } from '@latchkey/core'
import { expect } from '../expect.js'
import { SENTINEL } from '../sentinels.js'
import type { Suite } from '../suite.js'

/**
 * Userinfo in a request URL: clients turn it into a Basic header (got, axios) before
 * Latchkey sees the request, past its policy. It is refused, the same everywhere.
 */
export function userinfoScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('userinfo in the request URL', () => {
    const withUserinfo = (origin: string, userinfo: string, path: string) => {
      const url = new URL(path, origin)
      const [username = '', password = ''] = userinfo.split(':')
      url.username = username
      url.password = password
      return url.href
    }
    const cases = [
      { name: 'user and password, to loopback', userinfo: `user:${SENTINEL.password}` },
      { name: 'a user name only', userinfo: 'localhost' },
    ]
    for (const { name, userinfo } of cases) {
      it(`is refused with CREDENTIALS_IN_URL before anything is sent: ${name}`, async () => {
        const kit = suite.kit()
        const error = await suite
          .client(bearer(SENTINEL.token))
          .request({ url: withUserinfo(kit.http, userinfo, '/echo/userinfo') })
          .then(
            () => undefined,
            (thrown: unknown) => thrown,
          )
        expect(isAuthError(error), `expected an AuthError, got ${String(error)}`).toBe(true)
        expect((error as { code: string }).code).toBe(CREDENTIALS_IN_URL)
        expect(String((error as Error).message)).not.toContain(SENTINEL.password)
        expect(kit.log.at('/echo/userinfo')).toHaveLength(0)
      })
    }

    it('never bypasses the transport check: plain http to another machine is refused too', async () => {
      const error = await suite
        .client(bearer(SENTINEL.token))
        .request({ url: 'http://localhost@api.latchkey.invalid/echo/userinfo' })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        )
      expect(isAuthError(error), `expected an AuthError, got ${String(error)}`).toBe(true)
    })

    it('is refused on a request that opts out, too', async () => {
      const kit = suite.kit()
      const error = await suite
        .client(bearer(SENTINEL.token))
        .request({ url: withUserinfo(kit.http, 'user:pw', '/echo/userinfo'), optOut: true })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        )
      expect((error as { code?: string }).code).toBe(CREDENTIALS_IN_URL)
      expect(kit.log.at('/echo/userinfo')).toHaveLength(0)
    })
  })
}
