import { sendJson } from '@latchkey/core/testing/node'
import type { Handler } from './origin-server.js'

/** What `/echo` answers: the request as received. */
export interface Echo {
  /** The request method. */
  readonly method: string
  /** The path. */
  readonly path: string
  /** The query string, without `?`. */
  readonly query: string
  /** The headers, by lower-case name. */
  readonly headers: Readonly<Record<string, string>>
  /** The body, as UTF-8 text. */
  readonly body: string
  /** Subject common name of the client certificate the request came with (mTLS origins). */
  readonly clientCertificate?: string
}

/** Answers `status` with `value` as JSON, plus `headers`. */
export const json = sendJson

/** `/echo/...`: 200 with the request as received. */
export const echo: Handler = (hop, _url, response) => {
  const value: Echo = {
    method: hop.method,
    path: hop.path,
    query: hop.query.toString(),
    headers: hop.headers,
    body: hop.body.toString('utf8'),
    ...(hop.clientCertificate !== undefined && { clientCertificate: hop.clientCertificate }),
  }
  json(response, 200, value)
}

/** `/redirect?status=302&to=<location>`: a redirect to exactly that Location. */
export const redirect: Handler = (_hop, url, response) => {
  const status = Number(url.searchParams.get('status') ?? 302)
  response.writeHead(status, {
    location: url.searchParams.get('to') ?? '/echo/',
    'content-length': 0,
    // 301 and 308 are cacheable: a browser would answer the next scenario's request itself.
    'cache-control': 'no-store',
  })
  response.end()
}

/** `/status/<code>`: that status with a fixed body that echoes nothing it received. */
export const status: Handler = (hop, _url, response) => {
  const [, route, wanted] = hop.path.split('/')
  // Any other unknown path (a route removed by reset() while its request was in flight) is a 404.
  const code = route === 'status' && /^[1-5]\d\d$/.test(wanted ?? '') ? Number(wanted) : 404
  response.writeHead(code, { 'content-type': 'text/plain' })
  response.end(`status ${code}`)
}

/** `/slow?ms=N`: waits, then echoes (for timeouts). */
export const slow: Handler = async (hop, url, response) => {
  const ms = Number(url.searchParams.get('ms') ?? 1000)
  await new Promise((resolve) => setTimeout(resolve, ms))
  if (!response.destroyed) echo(hop, url, response)
}

/** `/flaky/<key>?fail=N`: 503 for the first N requests with that key, then an echo. */
export function flaky(): Handler {
  const seen = new Map<string, number>()
  return (hop, url, response) => {
    const count = (seen.get(hop.path) ?? 0) + 1
    seen.set(hop.path, count)
    if (count <= Number(url.searchParams.get('fail') ?? 1)) {
      response.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '0' })
      response.end('try again')
      return
    }
    echo(hop, url, response)
  }
}
