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

/** Scenario 11: whatever the client throws, no secret is in it. */
export function errorScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('errors carry no secret', () => {
    for (const status of [401, 404, 500]) {
      it(`${status}`, async ({ skip }) => {
        if (suite.adapter.supports?.httpErrors === false)
          skip('this client resolves on HTTP errors')
        const kit = suite.kit()
        const client = suite.client(everySecret(), { throwHttpErrors: true })
        const error = await client.request({ url: `${kit.http}/status/${status}?x=1` }).then(
          () => undefined,
          (thrown: unknown) => thrown,
        )
        expect(error, 'the client should throw its HTTP error').toBeDefined()
        expect(findLeaks(error)).toEqual([])
      })
    }

    it('a network error', async () => {
      const kit = suite.kit()
      const error = await suite
        .client(everySecret(), { throwHttpErrors: true })
        .request({ url: `${kit.closed}/nothing?x=1` })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        )
      expect(error).toBeDefined()
      expect(findLeaks(error)).toEqual([])
    })

    it('a timeout', async () => {
      const kit = suite.kit()
      const error = await suite
        .client(everySecret(), { throwHttpErrors: true, timeoutMs: 100 })
        .request({ url: `${kit.http}/slow?ms=3000` })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        )
      expect(error).toBeDefined()
      expect(findLeaks(error)).toEqual([])
    })

    it('an error after a redirect', async () => {
      const kit = suite.kit()
      const to = encodeURIComponent('/status/500')
      const error = await suite
        .client(everySecret(), { throwHttpErrors: true })
        .request({ url: `${kit.http}/redirect?status=302&to=${to}` })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        )
      if (suite.adapter.supports?.httpErrors !== false) expect(error).toBeDefined()
      expect(findLeaks(error)).toEqual([])
    })

    it('an abort in the middle of a request', async () => {
      const kit = suite.kit()
      const controller = new AbortController()
      const pending = suite
        .client(everySecret(), { throwHttpErrors: true })
        .request({ url: `${kit.http}/slow?ms=3000`, signal: controller.signal })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        )
      while (kit.log.at('/slow').length === 0)
        await new Promise((resolve) => setTimeout(resolve, 5))
      controller.abort()
      const error = await pending
      expect(error).toBeDefined()
      expect(findLeaks(error)).toEqual([])
    })
  })
}
