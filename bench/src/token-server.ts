import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sendJson } from '@latchkey/core/testing/node'

/**
 * The refresh-storm server, in its own process: `/token` issues client-credentials tokens
 * after `TOKEN_LATENCY_MS` (50 ms), `/api` accepts only the current generation of tokens,
 * `/admin/expire` expires every token issued so far, `/admin/stats` reports and resets
 * the token request count.
 */
const latency = Number(process.env.TOKEN_LATENCY_MS ?? 50)
let generation = 0
let tokenRequests = 0
const valid = new Set<string>()

const server = createServer((request, response) => {
  request.resume()
  request.on('end', () => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    if (path === '/token') {
      tokenRequests++
      const token = `token-${++generation}`
      valid.add(token)
      setTimeout(
        () =>
          sendJson(response, 200, { access_token: token, token_type: 'Bearer', expires_in: 300 }),
        latency,
      )
      return
    }
    if (path === '/admin/expire') {
      valid.clear()
      return sendJson(response, 200, { ok: true })
    }
    if (path === '/admin/stats') {
      const stats = { tokenRequests }
      tokenRequests = 0
      return sendJson(response, 200, stats)
    }
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '')
    if (!valid.has(token))
      return sendJson(
        response,
        401,
        { error: 'invalid_token' },
        { 'www-authenticate': 'Bearer error="invalid_token"' },
      )
    sendJson(response, 200, { ok: true })
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`)
})
process.on('disconnect', () => server.close())
