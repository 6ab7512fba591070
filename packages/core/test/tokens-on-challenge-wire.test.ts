import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Authenticator, drive, type Transmitter } from '../src/adapter.js'
import { type AuthEvent, oauth2 } from '../src/index.js'
import { createAuthRequest } from '../src/strategy.js'

/**
 * onChallenge on the wire: a real token endpoint and an API on loopback, the exchange
 * driven over the global fetch as the fetch adapter does. The API refuses a revoked token
 * with a 403 and a header of its own, which the default rule would hand to the caller.
 */
let origin = ''
let issued = 0
const revoked = new Set<string>()
const server = createServer((request, response) => {
  if (request.url === '/token') {
    const token = `sentinel-access-${++issued}`
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }))
    return
  }
  const token = (request.headers.authorization ?? '').replace(/^Bearer /, '')
  if (revoked.has(token)) {
    response.writeHead(403, { 'x-token-revoked': '1' }).end()
    return
  }
  response.writeHead(200, { 'content-type': 'text/plain' }).end(`hello ${token}`)
})

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise((resolve) => server.close(resolve)))

const overFetch: Transmitter<Response> = {
  followRedirects: true,
  maxRedirects: 20,
  send: (sent) =>
    fetch(sent.url, { method: sent.method, headers: sent.headers, redirect: 'manual' }),
  view: (response) => ({ status: response.status, headers: response.headers }),
  discard: (response) => void response.body?.cancel(),
}

it("a 403 the API uses for revoked tokens gets one new token and one resend with onChallenge 'refresh'", async () => {
  const events: AuthEvent[] = []
  const authenticator = new Authenticator(
    oauth2.clientCredentials({
      tokenUrl: `${origin}/token`,
      clientId: 'svc',
      clientSecret: 'sentinel-client-secret',
      onChallenge: (response) =>
        response.status === 403 && response.headers.has('x-token-revoked') ? 'refresh' : undefined,
    }),
    { onEvent: (event) => events.push(event) },
  )
  const get = () =>
    drive(authenticator.exchange(), createAuthRequest({ url: `${origin}/api` }), overFetch)
  expect(await (await get()).text()).toBe('hello sentinel-access-1')
  revoked.add('sentinel-access-1')
  const after = await get()
  expect(after.status).toBe(200)
  expect(await after.text()).toBe('hello sentinel-access-2')
  expect(issued).toBe(2)
  expect(events).toContainEqual(
    expect.objectContaining({
      type: 'refreshed',
      strategy: 'oauth2.clientCredentials',
      reason: 'rejected',
    }),
  )
  expect(events.filter((event) => event.type === 'retried')).toHaveLength(1)
})
