import { type Kit, OAuthServer } from '@latchkey/conformance/kit'
import { CHANNELS, oauth2, subscribe } from '@latchkey/core'
import { withAuth } from '@latchkey/fetch'
import { oauthServer } from './oauth.js'

const REQUESTS = 8

/**
 * One token refresh under load, as Latchkey's channels show it: 8 requests find the token
 * expired at once; one token request goes out, the other 7 wait for it, all 8 carry the
 * new token. What an operator sees with `subscribe()` or `node:diagnostics_channel`.
 */
export async function singleFlightTrace(kit: Kit): Promise<{ lines: string[]; failed: number }> {
  const server = new OAuthServer({
    clientId: 'demo',
    clientSecret: 'demo-trace-secret',
    tokenPrefix: 'demo-trace-access',
    expiresIn: 60,
    latencyMs: 25,
  })
  // A slower token endpoint of its own, so the wait shows; the demo's is put back after.
  kit.handle('/oauth', server.handler)
  let now = Date.now()
  const api = withAuth(
    fetch,
    oauth2.clientCredentials({
      tokenUrl: `${kit.http}/oauth/token`,
      clientId: 'demo',
      clientSecret: 'demo-trace-secret',
    }),
    { clock: { now: () => now } },
  )
  await api(`${kit.http}/oauth/api/warm`) // a token, then let it expire
  now += 61_000

  const lines: string[] = []
  const started = performance.now()
  const at = () => `+${(performance.now() - started).toFixed(1).padStart(5)} ms`
  const ms = (value: number | null) => `${(value ?? 0).toFixed(1)} ms`
  let misses = 0
  let tokenRequests = 0
  let presented = new Set<string | null>()
  const stops = [
    subscribe(CHANNELS.tokenCache, (m) => {
      if (!m.hit && ++misses === 2)
        lines.push(`${at()}  requests 2-${REQUESTS} find it ${m.reason} too, and wait`)
    }),
    subscribe(CHANNELS.tokenStart, (m) =>
      lines.push(
        `${at()}  request 1: token ${m.reason}; token request #${m.flight} starts (${m.strategy}, ${m.store})`,
      ),
    ),
    subscribe(CHANNELS.tokenEndpointEnd, (m) => {
      tokenRequests++
      lines.push(
        `${at()}  POST ${m.origin} grant_type=${m.grantType}: ${m.status} in ${ms(m.durationMs)}`,
      )
    }),
    subscribe(CHANNELS.tokenEnd, (m) =>
      lines.push(
        `${at()}  ${m.outcome}: token ${m.token}; ${m.waiters} requests waited ${ms(m.durationMs)} for it`,
      ),
    ),
    subscribe(CHANNELS.request, (m) => {
      presented = new Set([...presented, m.credential])
    }),
  ]
  let statuses: number[] = []
  try {
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, n) => api(`${kit.http}/oauth/api/${n + 1}`)),
    )
    statuses = responses.map((response) => response.status)
  } finally {
    for (const stop of stops) stop()
    kit.handle('/oauth', oauthServer.handler)
  }
  const ok = statuses.filter((status) => status === 200).length
  const good = ok === REQUESTS && tokenRequests === 1 && presented.size === 1
  lines.push(
    `${at()}  ${ok} of ${REQUESTS} answered 200, all with token ${[...presented].join(', ')}: ${tokenRequests} token request ${good ? '✓' : '✗'}`,
  )
  return { lines, failed: good ? 0 : 1 }
}
