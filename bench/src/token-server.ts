import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

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

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  response.end(text)
}

const server = createServer((request, response) => {
  request.resume()
  request.on('end', () => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    if (path === '/token') {
      tokenRequests++
      const token = `token-${++generation}`
      valid.add(token)
      setTimeout(
        () => send(response, 200, { access_token: token, token_type: 'Bearer', expires_in: 300 }),
        latency,
      )
      return
    }
    if (path === '/admin/expire') {
      valid.clear()
      return send(response, 200, { ok: true })
    }
    if (path === '/admin/stats') {
      const stats = { tokenRequests }
      tokenRequests = 0
      return send(response, 200, stats)
    }
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '')
    if (!valid.has(token))
      return send(
        response,
        401,
        { error: 'invalid_token' },
        { 'www-authenticate': 'Bearer error="invalid_token"' },
      )
    send(response, 200, { ok: true })
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`)
})
process.on('disconnect', () => server.close())
