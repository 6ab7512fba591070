import { apiKey, bearer, chain } from '@latchkey/core'
import { expect } from '../expect.js'
import { findLeaks } from '../leaks.js'
import { SENTINEL } from '../sentinels.js'
import type { Suite } from '../suite.js'

function everySecret() {
  return chain(
    apiKey({ header: 'X-API-Key', value: SENTINEL.apiKey }),
    apiKey({ query: 'api_key', value: SENTINEL.queryKey }),
    bearer(SENTINEL.token),
  )
}

/**
 * Users log errors in their client's own hooks (beforeError, beforeRetry, an axios error
 * interceptor): what those hooks see is already scrubbed, checked the moment they see it.
 */
export function clientHookScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe("the user's own error hooks", () => {
    const run = async (url: string, retry?: { limit: number; statusCodes: number[] }) => {
      const seen: { hook: string; leaks: string[]; url: string | undefined }[] = []
      const client = suite.client(everySecret(), {
        throwHttpErrors: true,
        ...(retry && { retry }),
        errorHook: (error, hook) => {
          const response = (error as { response?: { url?: unknown } }).response
          seen.push({ hook, leaks: findLeaks(error), url: String(response?.url ?? '') })
        },
      })
      const error = await client.request({ url }).then(
        () => undefined,
        (thrown: unknown) => thrown,
      )
      return { error, seen }
    }

    it('see a scrubbed HTTP error', async ({ skip }) => {
      if (suite.adapter.supports?.httpErrors === false) skip('this client resolves on HTTP errors')
      const { error, seen } = await run(`${suite.kit().http}/status/401?x=1`)
      expect(error).toBeDefined()
      expect(seen.length, 'no user hook saw the error').toBeGreaterThan(0)
      for (const { hook, leaks, url } of seen) {
        expect(leaks, hook).toEqual([])
        expect(url, `${hook}: error.response.url`).not.toContain(SENTINEL.queryKey)
      }
    })

    it('see a scrubbed error on each retry, and the retry still carries credentials', async ({
      skip,
    }) => {
      if (suite.adapter.supports?.httpErrors === false) skip('this client resolves on HTTP errors')
      const kit = suite.kit()
      const { seen } = await run(`${kit.http}/status/503?x=1`, { limit: 1, statusCodes: [503] })
      expect(seen.length, 'no user hook saw the error').toBeGreaterThan(0)
      for (const { hook, leaks, url } of seen) {
        expect(leaks, hook).toEqual([])
        expect(url, `${hook}: error.response.url`).not.toContain(SENTINEL.queryKey)
      }
      const hops = kit.log.at('/status/503')
      expect(hops).toHaveLength(2)
      for (const hop of hops) {
        expect(hop.headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
        expect(hop.query.get('api_key')).toBe(SENTINEL.queryKey)
      }
    })

    it('see a scrubbed network error', async () => {
      const { error, seen } = await run(`${suite.kit().closed}/nothing?x=1`)
      expect(error).toBeDefined()
      for (const { hook, leaks } of seen) expect(leaks, hook).toEqual([])
    })
  })
}
