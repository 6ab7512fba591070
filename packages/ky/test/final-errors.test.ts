import { startKit, tokenEndpointIn } from '@latchkey/conformance'
import { isAuthError } from '@latchkey/core'
import ky from 'ky'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { withAuth } from '../src/index.js'

let kit: Awaited<ReturnType<typeof startKit>>
beforeAll(async () => {
  kit = await startKit()
}, 60_000)
afterAll(() => kit.close())

// ky 1 retries anything its fetch throws; a per-request `retry` replaces the instance's
// `shouldRetry`, so the beforeRetry hook is what stops it there.
it.each([
  ['a per-request retry number that replaces the instance retry', { retry: 2 }],
  [
    'a per-request shouldRetry that defers to ky',
    { retry: { limit: 2, delay: () => 0, shouldRetry: () => undefined } },
  ],
])('ky 1, %s: an AuthError is not retried', async (_, options) => {
  const { server, strategy } = tokenEndpointIn(kit, 'invalidJson')
  const client = withAuth(ky.create({ retry: 0 }), strategy)
  const error = await client(`${kit.http}/oauth/api/final`, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(isAuthError(error), `expected an AuthError, got ${String(error)}`).toBe(true)
  expect(server.tokenRequests).toBe(1)
})
