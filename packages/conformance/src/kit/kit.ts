import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import { createTestPki } from './certificates.js'
import { HopLog } from './hop.js'
import { type Handler, type OriginServer, startOrigin } from './origin-server.js'
import { echo, flaky, redirect, slow, status } from './routes.js'

/**
 * The scenario servers: real loopback origins that record every hop.
 *
 * `http` and `localhost` are the same server under two names, which are two origins;
 * `other` is another port; `https` serves a certificate from a CA made for this run.
 */
export interface Kit {
  /** `http://127.0.0.1:<a>` */
  readonly http: string
  /** `http://localhost:<a>`: the same server as `http`, another origin. */
  readonly localhost: string
  /** `http://127.0.0.1:<b>` */
  readonly other: string
  /** `https://127.0.0.1:<c>` */
  readonly https: string
  /** `https://localhost:<c>` */
  readonly httpsLocalhost: string
  /** An origin where nothing listens: requests fail with a network error. */
  readonly closed: string
  /** PEM of the CA that signed the https origin's certificate. */
  readonly ca: string
  readonly log: HopLog
  /** Serves `handler` for paths starting with `prefix` until the next `reset()`. */
  handle(prefix: string, handler: Handler): void
  /** Clears the hop log and the handlers added with `handle()`. */
  reset(): void
  close(): Promise<void>
}

const builtIn: Record<string, Handler> = { echo, redirect, status, slow }

export async function startKit(): Promise<Kit> {
  const log = new HopLog()
  const custom = new Map<string, Handler>()
  const flakyRoute = flaky()
  const route = (url: URL): Handler => {
    const prefixes = [...custom.keys()].sort((a, b) => b.length - a.length)
    const match = prefixes.find((prefix) => url.pathname.startsWith(prefix))
    if (match !== undefined) return custom.get(match) as Handler
    const first = url.pathname.split('/')[1] ?? ''
    if (first === 'flaky') return flakyRoute
    return builtIn[first] ?? status
  }
  const pki = createTestPki()
  const servers: OriginServer[] = await Promise.all([
    startOrigin({ log, route }),
    startOrigin({ log, route }),
    startOrigin({ log, route, tls: pki.issueServer(['localhost', '127.0.0.1']) }),
  ])
  const [a, b, c] = servers as [OriginServer, OriginServer, OriginServer]
  return {
    http: `http://127.0.0.1:${a.port}`,
    localhost: `http://localhost:${a.port}`,
    other: `http://127.0.0.1:${b.port}`,
    https: `https://127.0.0.1:${c.port}`,
    httpsLocalhost: `https://localhost:${c.port}`,
    closed: `http://127.0.0.1:${await unusedPort()}`,
    ca: pki.ca,
    log,
    handle: (prefix, handler) => {
      custom.set(prefix, handler)
    },
    reset: () => {
      log.clear()
      custom.clear()
    },
    close: async () => {
      await Promise.all(servers.map((server) => server.close()))
    },
  }
}

async function unusedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
