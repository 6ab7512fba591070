import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http'
import { type AddressInfo, createServer as createNetServer } from 'node:net'

/**
 * `@latchkey/core/testing/node`: test helpers that need Node.js (a real server on loopback),
 * apart from `@latchkey/core/testing`, which a browser can load.
 *
 * @packageDocumentation
 */

/** A server started by {@link startLoopbackServer}. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string
  /** The underlying Node.js server. */
  readonly server: Server
  /** Closes the server and every connection it still holds (keep-alive ones included). */
  close(): Promise<void>
}

/**
 * An HTTP server on 127.0.0.1 on a free port, answering with `handler` (or a `server`
 * created elsewhere): what tests of token endpoints, redirects and pages talk to.
 *
 * @example
 * ```ts
 * const api = await startLoopbackServer((request, response) => response.end('ok'))
 * await fetch(`${api.origin}/`)
 * await api.close()
 * ```
 */
export async function startLoopbackServer(
  handler: RequestListener | Server,
): Promise<LoopbackServer> {
  const server = typeof handler === 'function' ? createServer(handler) : handler
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A free loopback port, as the kernel hands it out: for a server started in another process. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** Answers with `value` as JSON, its length announced: what a token endpoint in a test sends. */
export function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value)
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  })
  response.end(body)
}
