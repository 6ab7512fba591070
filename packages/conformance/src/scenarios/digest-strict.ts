import { digest } from '@latchkey/core'
import { expect } from '../expect.js'
import { createDigestServer, type DigestServer } from '../kit/digest-server.js'
import { SENTINEL } from '../sentinels.js'
import type { Suite } from '../suite.js'

/**
 * Scenario: Digest against a server as strict as Apache's mod_auth_digest with
 * `AuthDigestNcCheck On` (nc strictly increasing as received, only a client's latest nonce, `username*` unread without
 * `charset=UTF-8`), with requests arriving in any order.
 */
export function digestStrictScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  function setup(username: string = SENTINEL.username) {
    const kit = suite.kit()
    const server = createDigestServer({
      users: { [username]: SENTINEL.password },
      algorithms: ['MD5'],
      strict: true,
      jitterMs: 15,
    })
    kit.handle('/strict', server.handler)
    const client = suite.client(digest({ username, password: SENTINEL.password }))
    return { kit, server, client }
  }

  const refused = (server: DigestServer) =>
    server.verdicts.filter((verdict) => !verdict.ok && verdict.reason !== 'no credentials')

  const burst = (client: ReturnType<Suite['client']>, url: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, n) => client.request({ url: `${url}/${n}` })),
    ).then((responses) => responses.map((response) => response.status))

  describe('digest against a strict nc server (Apache AuthDigestNcCheck On)', () => {
    it('concurrent requests on a warm client: none refused, then one round trip each', async () => {
      const { kit, server, client } = setup()
      expect((await client.request({ url: `${kit.http}/strict/warm` })).status).toBe(200)
      expect(await burst(client, `${kit.http}/strict/first`, 10)).toEqual(Array(10).fill(200))
      expect(refused(server)).toEqual([])
      // The first burst left a nonce per request: the second needs no challenge.
      expect(await burst(client, `${kit.http}/strict/second`, 10)).toEqual(Array(10).fill(200))
      expect(kit.log.at('/strict/second')).toHaveLength(10)
      expect(refused(server)).toEqual([])
    })

    it('concurrent requests from cold: each answers its own challenge, none refused', async () => {
      const { kit, server, client } = setup()
      expect(await burst(client, `${kit.http}/strict/cold`, 10)).toEqual(Array(10).fill(200))
      expect(kit.log.at('/strict/cold')).toHaveLength(20)
      expect(refused(server)).toEqual([])
    })

    it('sequential requests keep the fast path: N requests, N+1 round trips', async () => {
      const { kit, server, client } = setup()
      for (let n = 0; n < 5; n++) {
        expect((await client.request({ url: `${kit.http}/strict/seq/${n}` })).status).toBe(200)
      }
      expect(kit.log.at('/strict/seq/')).toHaveLength(6)
      expect(server.verdicts.slice(1).map((verdict) => verdict.nc)).toEqual([
        '00000001',
        '00000002',
        '00000003',
        '00000004',
        '00000005',
      ])
    })

    it('an expired nonce is renewed under the same client, its count starting over', async () => {
      const { kit, server, client } = setup()
      expect((await client.request({ url: `${kit.http}/strict/stale/1` })).status).toBe(200)
      server.expireNonces()
      expect((await client.request({ url: `${kit.http}/strict/stale/2` })).status).toBe(200)
      expect((await client.request({ url: `${kit.http}/strict/stale/3` })).status).toBe(200)
      expect(server.verdicts.map((verdict) => verdict.reason ?? 'ok')).toEqual([
        'no credentials',
        'ok',
        'stale nonce',
        'ok',
        'ok',
      ])
    })

    it('a non-ASCII username without charset=UTF-8 goes as raw UTF-8, which the server reads', async () => {
      const { kit, server, client } = setup('Jäsøn Doe')
      expect((await client.request({ url: `${kit.http}/strict/utf8` })).status).toBe(200)
      expect(server.verdicts.at(-1)).toMatchObject({ ok: true, username: 'Jäsøn Doe' })
      const sent = kit.log.at('/strict/utf8').at(-1)?.headers.authorization ?? ''
      expect(sent).not.toContain('username*')
      expect(sent).toContain(`username="${Buffer.from('Jäsøn Doe').toString('latin1')}"`)
    })
  })
}
