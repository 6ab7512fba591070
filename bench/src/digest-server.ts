import { createDigestServer, HopLog, startOrigin } from '@latchkey/conformance/kit'

/**
 * The Digest benchmark's server, in its own process: the conformance kit's Digest route
 * (every answer verified with node:crypto, nonces reused until rotated), plus `/plain`
 * without authentication and `/stats` with what it received. Prints its port.
 */
const digest = createDigestServer({
  users: { bench: 'bench-pässword' },
  realm: 'bench@latchkey',
  algorithms: ['SHA-256'],
  qop: 'auth',
  // Each client its own nonce: two clients counting nc from 1 on one nonce would be a replay.
  nonces: 'per-challenge',
})
let received = 0
let accepted = 0
const log = new HopLog()
const server = await startOrigin({
  log,
  route: (url) => {
    log.clear()
    if (url.pathname === '/stats') {
      return (_hop, _url, response) => {
        const body = JSON.stringify({ received, accepted })
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end(body)
      }
    }
    if (url.pathname.startsWith('/plain')) {
      return (_hop, _url, response) => {
        response.writeHead(200, { 'content-type': 'application/json' })
        response.end('{"ok":true}')
      }
    }
    return async (hop, target, response) => {
      received++
      const before = digest.verdicts.length
      await digest.handler(hop, target, response)
      if (digest.verdicts[before]?.ok) accepted++
    }
  },
})
process.stdout.write(`${server.port}\n`)
process.on('disconnect', () => void server.close())
