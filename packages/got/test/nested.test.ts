import { type Kit, startKit } from '@latchkey/conformance/kit'
import { apiKey, bearer } from '@latchkey/core'
import got from 'got'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { withAuth } from '../src/index.js'

let kit: Kit
beforeAll(async () => {
  kit = await startKit()
}, 60_000)
afterAll(() => kit.close())

it('withAuth applied twice keeps both strategies, each with its own exchange', async () => {
  const inner = withAuth(
    got.extend({ retry: { limit: 0 } }),
    apiKey({ header: 'X-API-Key', value: 'key-123456' }),
  )
  const outer = withAuth(inner, bearer('token-123456'))
  await outer.get(`${kit.http}/echo/nested`)
  const [hop] = kit.log.at('/echo/nested')
  expect(hop?.headers['x-api-key']).toBe('key-123456')
  expect(hop?.headers.authorization).toBe('Bearer token-123456')
})
