import { bearer } from '@latchkey/core'
import { expect } from '../expect.js'
import type { Suite } from '../suite.js'
import { retryOnce } from '../test-strategies.js'

/** Scenario 10: the client's own retries and the user's own hooks keep working. */
export function clientFeatureScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe("the client's own machinery", () => {
    it("the client's retry of a 503 sends valid credentials again, and the user's hook runs each time", async () => {
      const kit = suite.kit()
      let issued = 0
      const seen: string[] = []
      const client = suite.client(
        bearer(async () => `fresh-token-${++issued}`),
        {
          retry: { limit: 2, statusCodes: [503] },
          userHook: (url) => seen.push(url),
        },
      )
      const response = await client.request({
        url: `${kit.http}/flaky/retry-${Math.random()}?fail=1`,
      })
      expect(response.status).toBe(200)
      const hops = kit.log.at('/flaky/')
      expect(hops).toHaveLength(2)
      expect(hops.map((hop) => hop.headers.authorization)).toEqual([
        'Bearer fresh-token-1',
        'Bearer fresh-token-2',
      ])
      expect(seen.length).toBeGreaterThanOrEqual(2)
    })

    // got counts its retryWithMergedOptions toward retryCount, so a limit of 1 would be spent
    // by the strategy's resend there; 2 leaves room for the 503 in every client.
    it("the client's own retry still runs after a strategy's resend, and the resend after it", async () => {
      const kit = suite.kit()
      let served503 = false
      kit.handle('/combo', (hop, _url, response) => {
        if (hop.headers['x-attempt'] !== '2') return void response.writeHead(401).end()
        if (!served503) {
          served503 = true
          return void response.writeHead(503, { 'retry-after': '0' }).end()
        }
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
      })
      const client = suite.client(retryOnce(), { retry: { limit: 2, statusCodes: [503] } })
      const response = await client.request({ url: `${kit.http}/combo/x` })
      expect(response.status).toBe(200)
      expect(kit.log.at('/combo').map((hop) => hop.headers['x-attempt'])).toEqual([
        '1',
        '2',
        '1',
        '2',
      ])
    })
  })
}
