import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The benchmark's server, run in its own process so its work never competes with the
 * client being measured inside one event loop. Answers every request with a small JSON
 * body over keep-alive, and prints its port.
 */
const body = JSON.stringify({ ok: true })
/** `/token` hands out one long-lived client-credentials token, for the cached-token runs. */
const token = JSON.stringify({
  access_token: 'bench-cached-token-0123456789',
  token_type: 'Bearer',
  expires_in: 3600,
})
const server = createServer((request, response) => {
  request.resume()
  request.on('end', () => {
    const answer = request.url === '/token' ? token : body
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length })
    response.end(answer)
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`)
})
process.on('disconnect', () => server.close())
