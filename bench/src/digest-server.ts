import { createDigestServer, HopLog, startOrigin } from '@latchkey/conformance/kit'

/**
 * The Digest benchmark's server, in its own process: the conformance kit's Digest route
 * (every answer verified with node:crypto, nonces reused until rotated), plus `/plain`
 * without authentication, `/strict` (the kit's Apache-like strict mode: `nc` strictly increasing
 * as received) and `/stats` with what each received. Prints its port.
 */
const digest = createDigestServer({
  users: { bench: 'bench-pässword' },
  realm: 'bench@latchkey',
  algorithms: ['SHA-256'],
  qop: 'auth',
  // Each client its own nonce: two clients counting nc from 1 on one nonce would be a replay.
  nonces: 'per-challenge',
})
const strict = createDigestServer({
  users: { bench: 'bench-pässword' },
  realm: 'bench@latchkey',
  algorithms: ['SHA-256'],
  qop: 'auth',
  strict: true,
  // Requests on different connections reach a multi-threaded server (Apache) in any order.
  jitterMs: 5,
})
const counts = {
  digest: { received: 0, accepted: 0, refused: 0 },
  strict: { received: 0, accepted: 0, refused: 0 },
}
const log = new HopLog()
const server = await startOrigin({
  log,
  route: (url) => {
    log.clear()
    if (url.pathname === '/stats') {
      return (_hop, _url, response) => {
        const body = JSON.stringify(counts)
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
    const [server, count] = url.pathname.startsWith('/strict')
      ? [strict, counts.strict]
      : [digest, counts.digest]
    return async (hop, target, response) => {
      count.received++
      const before = server.verdicts.length
      await server.handler(hop, target, response)
      const verdict = server.verdicts[before]
      if (verdict?.ok) count.accepted++
      // An answer the server rejected (not the first, credential-less request).
      else if (verdict?.reason !== 'no credentials') count.refused++
    }
  },
})
process.stdout.write(`${server.port}\n`)
process.on('disconnect', () => void server.close())
