import { digest } from '@latchkey/core'
import { expect } from '../expect.js'
import { type ApacheDigest, apacheAvailable, startApacheDigest } from '../kit/apache.js'
import { SENTINEL } from '../sentinels.js'
import type { Suite } from '../suite.js'
import { missing } from './installed.js'

const ASCII_USER = SENTINEL.username
const UTF8_USER = 'Jäsøn Doe'

/**
 * Scenario: Digest against a real Apache httpd (mod_auth_digest, `AuthDigestNcCheck On`),
 * started here when `apache2` is installed. Missing, it fails under CI=1 and is skipped
 * with a message elsewhere.
 */
export function digestApacheScenarios(suite: Suite): void {
  const { afterAll, beforeAll, describe, it } = suite.test
  const requirement = {
    title: 'digest against Apache httpd',
    program: 'apache2',
    packages: ['apache2'],
    available: apacheAvailable,
  }
  if (missing(suite, requirement)) return

  describe('digest against Apache httpd (AuthDigestNcCheck On)', () => {
    let apache: ApacheDigest | undefined
    beforeAll(async () => {
      apache = await startApacheDigest({
        [ASCII_USER]: SENTINEL.password,
        [UTF8_USER]: SENTINEL.password,
      })
    }, 30_000)
    afterAll(async () => {
      await apache?.stop()
    })
    const origin = () => {
      if (apache === undefined) throw new Error('apache2 did not start')
      return apache.origin
    }
    const clientFor = (username: string) =>
      suite.client(digest({ username, password: SENTINEL.password }))
    const statuses = async (
      client: ReturnType<typeof clientFor>,
      name: string,
      count: number,
    ): Promise<number[]> => {
      const responses = await Promise.all(
        Array.from({ length: count }, (_, n) =>
          client.request({ url: `${origin()}/ok.txt?${name}=${n}` }),
        ),
      )
      return responses.map((response) => response.status)
    }
    const refusals = async () =>
      ((await apache?.errorLog()) ?? '')
        .split('\n')
        .filter((line) => /nonce-count check failed|user .* not found|AH01/.test(line))

    it('sequential requests: every one accepted', async () => {
      const client = clientFor(ASCII_USER)
      for (let n = 0; n < 5; n++) {
        expect((await client.request({ url: `${origin()}/ok.txt?seq=${n}` })).status).toBe(200)
      }
    })

    it('concurrent requests, warm and cold: none refused', async () => {
      const client = clientFor(ASCII_USER)
      expect(await statuses(client, 'cold', 5)).toEqual(Array(5).fill(200))
      for (let round = 0; round < 5; round++) {
        expect(await statuses(client, `warm${round}`, 20)).toEqual(Array(20).fill(200))
      }
      expect(await refusals()).toEqual([])
    })

    it('a non-ASCII username is accepted (raw UTF-8: Apache reads no username*)', async () => {
      const client = clientFor(UTF8_USER)
      expect((await client.request({ url: `${origin()}/ok.txt?utf8=1` })).status).toBe(200)
      expect(await statuses(client, 'utf8', 5)).toEqual(Array(5).fill(200))
    })
  })
}
