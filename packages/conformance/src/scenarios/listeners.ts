import { oauth2 } from '@latchkey/core'
import { expect } from '../expect.js'
import { OAuthServer } from '../kit/oauth-server.js'
import { SENTINEL } from '../sentinels.js'
import type { Suite } from '../suite.js'

/** Issue 10, point 10: a listener that throws breaks neither the request nor the process. */
export function listenerScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('event listeners', () => {
    it('a throwing onEvent: requests succeed, one warning, nothing thrown later', async ({
      skip,
    }) => {
      if (typeof process === 'undefined') skip('a page has no process to warn through or crash')
      const kit = suite.kit()
      const server = new OAuthServer({
        clientId: 'conformance',
        clientSecret: SENTINEL.clientSecret,
      })
      kit.handle('/oauth', server.handler)
      // Caught here, not printed: the suite runs under any test runner, so no spy library.
      const warnings: unknown[] = []
      const emitWarning = process.emitWarning
      process.emitWarning = (warning: string | Error) => void warnings.push(warning)
      const uncaught: unknown[] = []
      const record = (error: unknown) => uncaught.push(error)
      process.on('uncaughtException', record)
      try {
        const client = suite.client(
          oauth2.clientCredentials({
            tokenUrl: `${kit.http}/oauth/token`,
            clientId: 'conformance',
            clientSecret: SENTINEL.clientSecret,
          }),
          {
            auth: {
              onEvent: () => {
                throw new Error('listener bug')
              },
            },
          },
        )
        expect((await client.request({ url: `${kit.http}/oauth/api/one` })).status).toBe(200)
        server.revokeAll() // a 401, a refresh and a retry: three more events
        expect((await client.request({ url: `${kit.http}/oauth/api/two` })).status).toBe(200)
        // Whatever a timer would rethrow has had its turn.
        await new Promise((resolve) => setTimeout(resolve, 20))
        expect(uncaught).toEqual([])
        expect(warnings).toHaveLength(1)
        expect(String(warnings[0])).toContain('listener bug')
      } finally {
        process.off('uncaughtException', record)
        process.emitWarning = emitWarning
      }
    })
  })
}
