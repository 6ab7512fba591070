import { bearer, INSECURE_TRANSPORT, isAuthError } from '@latchkey/core'
import { expect } from '../expect.js'
import { SENTINEL } from '../sentinels.js'
import { onlyHop, type Suite } from '../suite.js'

/** Never resolves: the transport check must fire before any lookup of it. */
const remoteProxy = 'http://proxy.latchkey.invalid:3128'

/** Plain http through a proxy travels in clear text to the proxy: the check looks at where the bytes go. */
export function proxyScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('proxies', () => {
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (thrown: unknown) => thrown,
      )

    it('refuses plain http to loopback through a proxy on another machine, before anything is sent', async ({
      skip,
    }) => {
      if (suite.adapter.supports?.proxies === false) skip('this client cannot use a proxy here')
      const kit = suite.kit()
      const error = await failure(
        suite
          .client(bearer(SENTINEL.token), { proxy: remoteProxy })
          .request({ url: `${kit.http}/echo/via-remote-proxy` }),
      )
      expect(isAuthError(error), `expected an AuthError, got ${String(error)}`).toBe(true)
      expect((error as { code: string }).code).toBe(INSECURE_TRANSPORT)
      expect(kit.log.at('/echo/via-remote-proxy')).toHaveLength(0)
    })

    it('lets it through with allowInsecureHttp (it then fails reaching the proxy)', async ({
      skip,
    }) => {
      if (suite.adapter.supports?.proxies === false) skip('this client cannot use a proxy here')
      const kit = suite.kit()
      const error = await failure(
        suite
          .client(bearer(SENTINEL.token), {
            proxy: remoteProxy,
            auth: { allowInsecureHttp: true },
          })
          .request({ url: `${kit.http}/echo/via-remote-proxy` }),
      )
      expect(error).toBeDefined()
      expect(isAuthError(error)).toBe(false)
    })

    it('lets https through a proxy on another machine: a CONNECT tunnel is encrypted end to end', async ({
      skip,
    }) => {
      if (suite.adapter.supports?.proxies === false) skip('this client cannot use a proxy here')
      const kit = suite.kit()
      const error = await failure(
        suite
          .client(bearer(SENTINEL.token), { proxy: remoteProxy })
          .request({ url: `${kit.https}/echo/tunnel` }),
      )
      // It fails reaching the proxy, which does not exist, not in Latchkey's check.
      expect(error).toBeDefined()
      expect(isAuthError(error), String(error)).toBe(false)
    })

    it('sends credentials over plain http through a loopback proxy', async ({ skip }) => {
      if (suite.adapter.supports?.proxies === false) skip('this client cannot use a proxy here')
      const kit = suite.kit()
      const response = await suite
        .client(bearer(SENTINEL.token), { proxy: kit.proxy.url })
        .request({ url: `${kit.http}/echo/via-local-proxy` })
      expect(response.status).toBe(200)
      // Forwarded, or tunnelled (hpagent tunnels plain http too): either way through the proxy.
      const host = new URL(kit.http).host
      expect(kit.proxy.forwarded).toHaveLength(1)
      expect([`${kit.http}/echo/via-local-proxy`, `CONNECT ${host}`]).toContain(
        kit.proxy.forwarded[0],
      )
      expect(onlyHop(kit, '/echo/via-local-proxy').headers.authorization).toBe(
        `Bearer ${SENTINEL.token}`,
      )
    })
  })
}
