import {
  apiKey,
  auditTrail,
  bearer,
  CHANNELS,
  type ChannelName,
  chain,
  credentialFingerprint,
  oauth2,
  subscribe,
} from '@latchkey/core'
import { expect } from '../expect.js'
import { OAuthServer } from '../kit/oauth-server.js'
import { captureProcessReports } from '../process-reports.js'
import { SENTINEL, sentinelForms } from '../sentinels.js'
import type { Suite } from '../suite.js'

/** Sentinels, plus what the OAuth server issues (its tokens start with these). */
const secrets = () => [...sentinelForms(), 'sentinel-access', 'sentinel-refresh']

/** Every message on every channel while `run` runs, in order, with the audit trail's lines. */
async function observed(run: () => Promise<void>) {
  const messages: { channel: ChannelName; message: Record<string, unknown> }[] = []
  const lines: string[] = []
  const stops = Object.values(CHANNELS).map((name) =>
    subscribe(name, (message) =>
      messages.push({ channel: name, message: message as unknown as Record<string, unknown> }),
    ),
  )
  stops.push(auditTrail({ write: (line) => lines.push(line) }))
  try {
    await run()
  } finally {
    for (const stop of stops) stop()
  }
  const on = (name: ChannelName) =>
    messages.filter((entry) => entry.channel === name).map((entry) => entry.message)
  // The point of it all: not one secret, in any form, in any message or line.
  const everything = JSON.stringify(messages) + lines.join('')
  for (const secret of secrets()) expect(everything, 'a secret was published').not.toContain(secret)
  for (const { message } of messages)
    expect(Object.isFrozen(message), 'a message is frozen').toBe(true)
  return { on, lines, audit: lines.map((line) => JSON.parse(line) as Record<string, unknown>) }
}

/** Issue 15: channels and the audit trail see every credential use, and nothing secret. */
export function observabilityScenarios(suite: Suite): void {
  const readsRedirects = suite.adapter.supports?.readsRedirects !== false

  const { describe, it } = suite.test
  describe('observing and auditing', () => {
    it('a bearer request: one attempt, its credential by fingerprint, secret query values removed', async () => {
      const kit = suite.kit()
      const client = suite.client(
        chain(bearer(SENTINEL.token), apiKey({ query: 'api_key', value: SENTINEL.queryKey })),
      )
      const { on, audit, lines } = await observed(async () => {
        const response = await client.request({
          url: `${kit.http}/echo/observed?page=2&access_token=${SENTINEL.asyncToken}`,
        })
        expect(response.status).toBe(200)
      })
      const [message, ...others] = on(CHANNELS.request)
      expect(others).toEqual([])
      expect(message).toMatchObject({
        hop: 1,
        attempt: 1,
        strategy: 'chain(bearer, apiKey)',
        method: 'GET',
        origin: kit.http,
        outcome: 'answered',
        status: 200,
        stripped: false,
      })
      expect(message?.path).toBe('/echo/observed?page=2&access_token=[REDACTED]&api_key=[REDACTED]')
      expect(message?.credential).toMatch(/^[0-9a-f]{16}$/)
      expect(lines).toHaveLength(1)
      expect(lines[0]?.endsWith('\n')).toBe(true)
      expect(audit[0]).toMatchObject({
        v: 1,
        strategy: 'chain(bearer, apiKey)',
        credential: message?.credential,
        origin: kit.http,
        method: 'GET',
        path: message?.path,
        outcome: 'answered',
        status: 200,
      })
      expect(Date.parse(String(audit[0]?.time))).not.toBeNaN()
      // The same credential gets the same fingerprint; another one, another.
      const { on: again } = await observed(async () => {
        await suite.client(bearer(SENTINEL.token)).request({ url: `${kit.http}/echo/again` })
        await suite.client(bearer(SENTINEL.asyncToken)).request({ url: `${kit.http}/echo/other` })
      })
      const [same, other] = again(CHANNELS.request)
      expect(same?.credential).toBe(credentialFingerprint(SENTINEL.token))
      expect(other?.credential).toBe(credentialFingerprint(SENTINEL.asyncToken))
    })

    it('oauth2: one token flight for concurrent requests, a refusal, a challenge answered, a refresh', async () => {
      const kit = suite.kit()
      const server = new OAuthServer({
        clientId: 'conformance',
        clientSecret: SENTINEL.clientSecret,
      })
      kit.handle('/oauth', server.handler)
      const client = suite.client(
        oauth2.clientCredentials({
          tokenUrl: `${kit.http}/oauth/token`,
          clientId: 'conformance',
          clientSecret: SENTINEL.clientSecret,
        }),
      )
      const { on, audit } = await observed(async () => {
        const first = await Promise.all(
          Array.from({ length: 8 }, (_, n) =>
            client.request({ url: `${kit.http}/oauth/api/${n}` }),
          ),
        )
        expect(first.map((response) => response.status)).toEqual(Array(8).fill(200))
        server.revokeAll()
        expect((await client.request({ url: `${kit.http}/oauth/api/after` })).status).toBe(200)
      })
      const ends = on(CHANNELS.tokenEnd)
      expect(ends).toHaveLength(2)
      expect(ends[0]).toMatchObject({
        strategy: 'oauth2.clientCredentials',
        store: 'MemoryTokenStore',
        reason: 'cold',
        outcome: 'acquired',
        grantType: 'client_credentials',
        waiters: 7,
        code: null,
      })
      expect(ends[1]).toMatchObject({ reason: 'rejected', outcome: 'refreshed', waiters: 0 })
      const starts = on(CHANNELS.tokenStart)
      expect(starts.map((start) => start.flight)).toEqual(ends.map((end) => end.flight))
      const endpoint = on(CHANNELS.tokenEndpointEnd)
      expect(endpoint).toHaveLength(2)
      expect(endpoint[0]).toMatchObject({
        flight: ends[0]?.flight,
        method: 'POST',
        origin: kit.http,
        grantType: 'client_credentials',
        status: 200,
        error: null,
      })
      const cache = on(CHANNELS.tokenCache)
      expect(cache.filter((entry) => entry.hit === false)[0]).toMatchObject({ reason: 'cold' })
      expect(cache.some((entry) => entry.hit === true)).toBe(true)
      // The refused token, then its replacement: each attempt names the token it carried.
      const last = on(CHANNELS.request).filter((entry) => entry.path === '/oauth/api/after')
      expect(last.map((entry) => [entry.attempt, entry.outcome, entry.status])).toEqual([
        [1, 'retried', 401],
        [2, 'answered', 200],
      ])
      expect(last[0]?.credential).toBe(ends[0]?.token)
      expect(last[1]?.credential).toBe(ends[1]?.token)
      expect(last[0]?.credential).not.toBe(last[1]?.credential)
      expect(on(CHANNELS.challenge)).toEqual([
        expect.objectContaining({ origin: kit.http, status: 401, scheme: 'Bearer' }),
      ])
      expect(audit).toHaveLength(10)
    })

    it.skipIf(!readsRedirects)(
      'a cross-origin redirect: stripped, and the hop is audited as such',
      async () => {
        const kit = suite.kit()
        const client = suite.client(bearer(SENTINEL.token))
        const to = `${kit.other}/echo/away?token=abc`
        const { on, audit } = await observed(async () => {
          await client.request({
            url: `${kit.http}/redirect?status=302&to=${encodeURIComponent(to)}`,
          })
        })
        const [first, second, ...others] = on(CHANNELS.request)
        expect(others).toEqual([])
        expect(first).toMatchObject({ hop: 1, outcome: 'redirected', stripped: false })
        // got follows redirects itself and shows none of them: the status is then unknown.
        expect([302, null]).toContain(first?.status)
        expect(first?.credential).toBe(credentialFingerprint(SENTINEL.token))
        expect(second).toMatchObject({
          request: first?.request,
          hop: 2,
          origin: kit.other,
          path: '/echo/away?token=[REDACTED]',
          credential: null,
          stripped: true,
          outcome: 'answered',
          status: 200,
        })
        expect(on(CHANNELS.stripped)).toEqual([
          { request: first?.request, strategy: 'bearer', from: kit.http, to: kit.other },
        ])
        expect(audit.map((record) => record.stripped)).toEqual([false, true])
      },
    )

    it('a refused transport is published, and nothing was sent', async () => {
      const { on } = await observed(async () => {
        await suite
          .client(bearer(SENTINEL.token))
          .request({ url: 'http://api.latchkey.invalid/echo/insecure' })
          .catch(() => {})
      })
      expect(on(CHANNELS.refused)).toEqual([
        {
          strategy: 'bearer',
          origin: 'http://api.latchkey.invalid',
          proxy: null,
          code: 'INSECURE_TRANSPORT',
        },
      ])
      expect(on(CHANNELS.request)).toEqual([])
    })

    it('throwing subscribers and audit writers: requests succeed, one warning each', async ({
      skip,
    }) => {
      if (typeof process === 'undefined') skip('a page has no process to warn through or crash')
      const kit = suite.kit()
      const reports = captureProcessReports()
      const stops = [
        subscribe(CHANNELS.request, () => {
          throw new Error('subscriber bug')
        }),
        auditTrail({
          write: () => {
            throw new Error('disk full')
          },
        }),
      ]
      try {
        const client = suite.client(bearer(SENTINEL.token))
        for (let n = 0; n < 3; n++)
          expect((await client.request({ url: `${kit.http}/echo/throwing/${n}` })).status).toBe(200)
        await reports.settle()
        expect(reports.uncaught).toEqual([])
        expect(reports.warnings).toHaveLength(2)
        const reported = reports.warnings.map(String).join('\n')
        expect(reported).toContain('subscriber bug')
        expect(reported).toContain('disk full')
      } finally {
        for (const stop of stops) stop()
        reports.restore()
      }
    })
  })
}
