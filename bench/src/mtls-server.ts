import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'

/**
 * The mTLS benchmark's server, in its own process: requires a client certificate from
 * the CA in `LATCHKEY_BENCH_TLS` (JSON: cert, key, ca), answers a small JSON body over
 * keep-alive, and prints its port.
 */
const { cert, key, ca } = JSON.parse(process.env.LATCHKEY_BENCH_TLS ?? '{}') as Record<
  string,
  string
>
const body = JSON.stringify({ ok: true })
const server = createServer(
  { cert, key, ca, requestCert: true, rejectUnauthorized: true },
  (request, response) => {
    request.resume()
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length })
      response.end(body)
    })
  },
)
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`)
})
process.on('disconnect', () => server.close())
