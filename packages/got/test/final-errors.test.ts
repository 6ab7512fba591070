import { startKit, tokenEndpointIn } from '@latchkey/conformance'
import { isAuthError } from '@latchkey/core'
import got, { type Got } from 'got'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { withAuth } from '../src/index.js'

// got 15 and 16 need Node.js >= 22; imported only there.
const recent = Number(process.versions.node.split('.')[0]) >= 22
const majors: [string, Got][] = [
  ['got 14', got],
  ...(recent
    ? ([
        ['got 15', (await import('got15')).default],
        ['got 16', (await import('got16')).default],
      ] as unknown as [string, Got][])
    : []),
]

let kit: Awaited<ReturnType<typeof startKit>>
beforeAll(async () => {
  kit = await startKit()
}, 60_000)
afterAll(() => kit.close())

it.each(majors)(
  "%s: a caller's calculateDelay that retries everything leaves an AuthError alone",
  async (_, got) => {
    const { server, strategy } = tokenEndpointIn(kit, 'invalidJson')
    const client = withAuth(got.extend({ retry: { limit: 2, calculateDelay: () => 1 } }), strategy)
    const error = await client(`${kit.http}/oauth/api/final`).then(
      () => undefined,
      (thrown: unknown) => thrown,
    )
    expect(isAuthError(error), `expected an AuthError, got ${String(error)}`).toBe(true)
    expect(server.tokenRequests).toBe(1)
  },
)
