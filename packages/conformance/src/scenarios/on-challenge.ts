import { type OnChallenge, RESPONSE_TOO_LARGE, tokenLogin } from '@latchkey/core'
import { expect } from '../expect.js'
import { json } from '../kit/routes.js'
import type { Suite } from '../suite.js'

/**
 * APIs that say "your token expired" in a body field (a 400 or a 403 with JSON) instead of
 * a 401 challenge: a token strategy's `onChallenge` reads that body through every client,
 * and the caller still gets the whole body.
 */
export function onChallengeScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('onChallenge', () => {
    /** An API at `/expiring/` refusing `token-1` with `status` and `body`; a login issuing `token-<n>`. */
    function world(status: number, body: unknown) {
      const kit = suite.kit()
      kit.handle('/expiring/', (hop, _url, response) => {
        if (hop.headers.authorization === 'Bearer token-1') return json(response, status, body)
        json(response, 200, { seen: hop.headers.authorization })
      })
      const logins = { count: 0 }
      const client = (onChallenge: OnChallenge) =>
        suite.client(
          tokenLogin({ login: async () => ({ token: `token-${++logins.count}` }), onChallenge }),
        )
      return { kit, logins, client, url: `${kit.http}/expiring/resource` }
    }
    const onExpiredField: OnChallenge = async (response, { text }) =>
      response.status === 400 && JSON.parse(await text()).error === 'token_expired'
        ? 'refresh'
        : undefined

    it('a 400 {"error":"token_expired"}: one new token, one resend, the resend answers', async () => {
      const { kit, logins, client, url } = world(400, { error: 'token_expired' })
      const response = await client(onExpiredField).request({ url })
      expect(response.status).toBe(200)
      expect(JSON.parse(response.body)).toEqual({ seen: 'Bearer token-2' })
      expect(logins.count).toBe(2)
      expect(kit.log.at('/expiring/resource')).toHaveLength(2)
    })

    it('a body onChallenge read and ignored reaches the caller whole', async () => {
      const detail = 'd'.repeat(20_000)
      const { logins, client, url } = world(403, { error: 'forbidden', detail })
      const reads: string[] = []
      const response = await client(async (_response, { text }) => {
        reads.push(await text())
        return 'ignore' as const
      }).request({ url })
      expect(response.status).toBe(403)
      expect(JSON.parse(response.body)).toEqual({ error: 'forbidden', detail })
      expect(reads.map((read) => JSON.parse(read).detail)).toEqual([detail])
      expect(logins.count).toBe(1)
    })

    it('a body past 64 KiB is not read for onChallenge: RESPONSE_TOO_LARGE', async () => {
      const { client, url } = world(400, { error: 'token_expired', pad: 'p'.repeat(70_000) })
      await expect(client(onExpiredField).request({ url })).rejects.toMatchObject({
        code: RESPONSE_TOO_LARGE,
      })
    })
  })
}
