import { oauth2 } from '@latchkey/core'
import { expect } from '../expect.js'
import { OAuthServer } from '../kit/oauth-server.js'
import { captureProcessReports } from '../process-reports.js'
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
      const reports = captureProcessReports()
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
        await reports.settle()
        expect(reports.uncaught).toEqual([])
        expect(reports.warnings).toHaveLength(1)
        expect(String(reports.warnings[0])).toContain('listener bug')
      } finally {
        reports.restore()
      }
    })
  })
}
