import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * The benchmark's server, run in its own process so its work never competes with the
 * client being measured inside one event loop. Answers every request with a small JSON
 * body over keep-alive, and prints its port.
 */
const body = JSON.stringify({ ok: true })
const server = createServer((request, response) => {
  request.resume()
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length })
    response.end(body)
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`)
})
process.on('disconnect', () => server.close())
