import { generateKeyPair } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import { promisify } from 'node:util'
import { createTestPki, type KeyPair } from './certificates.js'
import { HopLog } from './hop.js'
import { type Handler, type OriginServer, startOrigin } from './origin-server.js'
import { type ProxyServer, startProxy } from './proxy-server.js'
import { echo, flaky, redirect, slow, status } from './routes.js'

/**
 * The scenario servers: real loopback origins that record every hop.
 *
 * `http` and `localhost` are the same server under two names, which are two origins;
 * `other` is another port; `https` serves a certificate from a CA made for this run;
 * `mtls` and `mtlsOptional` ask for client certificates signed by that CA.
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
  /** `https://127.0.0.1:<d>`: refuses the TLS handshake without a client certificate from {@link ca}. */
  readonly mtls: string
  /**
   * `https://127.0.0.1:<e>`: asks for a client certificate but accepts none; each hop
   * records the subject of the one presented (`Hop.clientCertificate`), so a scenario can
   * prove a certificate was *not* offered.
   */
  readonly mtlsOptional: string
  /** An origin where nothing listens: requests fail with a network error. */
  readonly closed: string
  /** A loopback forward proxy for plain http (to loopback targets only). */
  readonly proxy: ProxyServer
  /** PEM of the CA that signed the https origin's certificate. */
  readonly ca: string
  /**
   * A client certificate (subject CN `commonName`) signed by {@link ca}; one per name per
   * kit, all for one key made when the kit starts, so issuing costs no key generation.
   */
  issueClient(commonName: string): KeyPair
  /** Every request any of the kit's servers received, in order. */
  readonly log: HopLog
  /** Serves `handler` for paths starting with `prefix` until the next `reset()`. */
  handle(prefix: string, handler: Handler): void
  /** Clears the hop log and the handlers added with `handle()`. */
  reset(): void
  /** Stops every server and the proxy. */
  close(): Promise<void>
}

/** Options of {@link startKit}. */
export interface KitOptions {
  /**
   * Serve every origin as a CORS API, for clients running in a page on another origin
   * (the browser conformance run). Off by default: Node.js runs see no CORS headers.
   */
  readonly cors?: boolean
}

const builtIn: Record<string, Handler> = { echo, redirect, status, slow }

/**
 * Starts the kit: its loopback origins (http, https, mTLS), a proxy, a CA made for this run,
 * and the built-in routes (`/echo`, `/redirect`, `/status`, `/slow`).
 */
export async function startKit(options: KitOptions = {}): Promise<Kit> {
  const log = new HopLog()
  const cors = options.cors === true
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
  // Made on a worker thread while the CA and server keys are made here.
  const clientKey = promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  })
  const pki = createTestPki()
  const tls = pki.issueServer(['localhost', '127.0.0.1'])
  const servers: OriginServer[] = await Promise.all([
    startOrigin({ log, route, cors }),
    startOrigin({ log, route, cors }),
    startOrigin({ log, route, tls, cors }),
    startOrigin({ log, route, tls, cors, clientCertificates: { ca: pki.ca, required: true } }),
    startOrigin({ log, route, tls, cors, clientCertificates: { ca: pki.ca, required: false } }),
  ])
  const [a, b, c, d, e] = servers as [
    OriginServer,
    OriginServer,
    OriginServer,
    OriginServer,
    OriginServer,
  ]
  const proxy = await startProxy()
  const { privateKey } = await clientKey
  const clients = new Map<string, KeyPair>()
  return {
    http: `http://127.0.0.1:${a.port}`,
    localhost: `http://localhost:${a.port}`,
    other: `http://127.0.0.1:${b.port}`,
    https: `https://127.0.0.1:${c.port}`,
    httpsLocalhost: `https://localhost:${c.port}`,
    mtls: `https://127.0.0.1:${d.port}`,
    mtlsOptional: `https://127.0.0.1:${e.port}`,
    closed: `http://127.0.0.1:${await unusedPort()}`,
    proxy,
    ca: pki.ca,
    issueClient: (commonName) => {
      const pair = clients.get(commonName) ?? pki.issueClient(commonName, privateKey)
      clients.set(commonName, pair)
      return pair
    },
    log,
    handle: (prefix, handler) => {
      custom.set(prefix, handler)
    },
    reset: () => {
      log.clear()
      custom.clear()
      proxy.forwarded.length = 0
    },
    close: async () => {
      await Promise.all([...servers.map((server) => server.close()), proxy.close()])
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
