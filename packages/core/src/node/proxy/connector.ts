import type { Socket } from 'node:net'
import { isIP } from 'node:net'
import { type ConnectionOptions, connect as tlsConnect } from 'node:tls'
import { type ProxyTunnelOptions, proxyUrl } from './options.js'
import { openTunnel } from './tunnel.js'

/** What undici passes its `connect` function (the fields a tunnel needs). */
export interface ConnectorTarget {
  /** The origin's host name or address. */
  readonly hostname: string
  /** `http:` or `https:`. */
  readonly protocol: string
  /** The port, `''` for the scheme's default. */
  readonly port: string
  /** The TLS server name undici chose, if any. */
  readonly servername?: string | null
}

/** How a connector hands back its socket: undici's `(null, socket)` or `(error, null)`. */
export type ConnectorCallback = (...args: [null, Socket] | [Error, null]) => void

/** An undici `connect` function (see {@link proxyConnector}), naming the proxy it tunnels through. */
export interface ProxyConnector {
  (target: ConnectorTarget, callback: ConnectorCallback): void
  /** The proxy every connection goes through, for Latchkey's transport check. */
  readonly proxy: URL
}

/** Options of {@link proxyConnector}. */
export interface ProxyConnectorOptions extends ProxyTunnelOptions {
  /** TLS options towards the origins (their CA, ...), as undici's `connect` options take them. */
  readonly tls?: ConnectionOptions
}

/**
 * An undici `connect` function that reaches every origin through a CONNECT tunnel of
 * `proxy`, answering its `407` with `auth` (Basic or Digest; one retry), for fetch and ky:
 * `new Agent({ connect: proxyConnector({...}) })` as the `dispatcher`. undici's own
 * `ProxyAgent` sends only a fixed `token` and cannot answer a Digest challenge. The
 * `Proxy-Authorization` goes on the CONNECT alone, never inside the tunnel to the origin;
 * Latchkey's transport check sees the proxy through the agent.
 *
 * @example
 * ```ts
 * import { Agent } from 'undici'
 * const dispatcher = new Agent({ connect: proxyConnector({ proxy: 'http://proxy.corp:3128', auth }) })
 * const api = withAuth((input, init) => fetch(input, { ...init, dispatcher }), bearer(token))
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` for a proxy URL that is not http(s) or carries
 *   credentials, or `auth` not made by `proxyAuth()`.
 */
export function proxyConnector(options: ProxyConnectorOptions): ProxyConnector {
  const proxy = proxyUrl('proxyConnector', options)
  const tunnel = { proxy, auth: options.auth, proxyTls: options.proxyTls }
  const connector = (target: ConnectorTarget, callback: ConnectorCallback) => {
    const secure = target.protocol === 'https:'
    const host = target.hostname.replace(/^\[|\]$/g, '')
    openTunnel({ ...tunnel, host, port: Number(target.port || (secure ? 443 : 80)) }).then(
      (socket) => {
        if (!secure) {
          callback(null, socket)
          return
        }
        const servername = target.servername || (isIP(host) === 0 ? host : undefined)
        const secured = tlsConnect({
          ...options.tls,
          socket,
          ...(servername && { servername }),
          ALPNProtocols: ['http/1.1'],
        })
        secured.once('secureConnect', () => {
          secured.removeListener('error', fail)
          callback(null, secured)
        })
        const fail = (error: Error) => callback(error, null)
        secured.once('error', fail)
      },
      (error: Error) => callback(error, null),
    )
  }
  return Object.assign(connector, { proxy })
}
