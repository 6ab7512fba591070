import { bearer } from '@latchkey/core'
import { describe, expect, it } from 'vitest'
import type { Suite } from '../suite.js'

/** Scenario 10: the client's own retries and the user's own hooks keep working. */
export function clientFeatureScenarios(suite: Suite): void {
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
  })
}
