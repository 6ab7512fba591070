import { Agent as HttpAgent, type AgentOptions as HttpAgentOptions } from 'node:http'
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions } from 'node:https'
import type { Duplex } from 'node:stream'
import type { ConnectionOptions } from 'node:tls'
import type { ProxyAuth } from '../../proxy/auth.js'
import { type ProxyTunnelOptions, proxyUrl } from './options.js'
import { openTunnel } from './tunnel.js'

/** Options of {@link proxyAgents}. */
export interface ProxyAgentsOptions extends ProxyTunnelOptions {
  /** Options of the https agent (the origin's CA, keep-alive, limits). Keep-alive is on by default. */
  readonly https?: HttpsAgentOptions
  /** Options of the http agent. Keep-alive is on by default. */
  readonly http?: HttpAgentOptions
}

/** Node.js agents tunnelling every request through an authenticating proxy, from {@link proxyAgents}. */
export interface ProxyAgents {
  /** For `http:` URLs: a CONNECT tunnel carrying plain http. */
  readonly http: HttpAgent & ProxyNamed
  /** For `https:` URLs: TLS to the origin inside a CONNECT tunnel. */
  readonly https: HttpsAgent & ProxyNamed
}

/** What a tunnelling agent adds to Node's: the proxy it goes through. */
export interface ProxyNamed {
  /** The proxy every connection goes through, for Latchkey's transport check. */
  readonly proxy: URL
}

type Callback = (error: Error | null, socket?: Duplex) => void

interface Tunnel {
  readonly proxy: URL
  readonly auth: ProxyAuth | undefined
  readonly proxyTls: ConnectionOptions | undefined
}

class TunnelHttpAgent extends HttpAgent {
  readonly proxy: URL
  readonly #tunnel: Tunnel

  constructor(tunnel: Tunnel, options: HttpAgentOptions) {
    super(options)
    this.proxy = tunnel.proxy
    this.#tunnel = tunnel
  }

  override createConnection(
    options: { host?: string | null; port?: number | string | null },
    callback: Callback,
  ): undefined {
    openTunnel({
      ...this.#tunnel,
      host: options.host ?? 'localhost',
      port: Number(options.port || 80),
    }).then(
      (socket) => callback(null, socket),
      (error: Error) => callback(error),
    )
    return undefined
  }
}

class TunnelHttpsAgent extends HttpsAgent {
  readonly proxy: URL
  readonly #tunnel: Tunnel

  constructor(tunnel: Tunnel, options: HttpsAgentOptions) {
    super(options)
    this.proxy = tunnel.proxy
    this.#tunnel = tunnel
  }

  override createConnection(
    options: ConnectionOptions & { host?: string | null; port?: number | string | null },
    callback: Callback,
  ): undefined {
    openTunnel({
      ...this.#tunnel,
      host: options.host ?? 'localhost',
      port: Number(options.port || 443),
    }).then(
      (socket) => {
        // TLS to the origin inside the tunnel: the agent's own handshake, with its options.
        const secure = super.createConnection({ ...options, socket } as ConnectionOptions) as Duplex
        callback(null, secure)
      },
      (error: Error) => callback(error),
    )
    return undefined
  }
}

/**
 * An http and an https agent that reach every origin through a CONNECT tunnel of
 * `proxy`, answering its `407` with `auth` (Basic or Digest; one retry). The
 * `Proxy-Authorization` goes on the CONNECT alone: inside the tunnel the origin sees only
 * the request. Latchkey's transport check sees the proxy (`agent.proxy`): plain http
 * through a proxy on another machine is refused as usual. Use them with axios (`httpAgent`,
 * `httpsAgent`, `proxy: false`) or got (`agent: { http, https }`).
 *
 * @example
 * ```ts
 * const agents = proxyAgents({ proxy: 'http://proxy.corp:3128', auth: proxyAuth({ username, password }) })
 * const api = withAuth(axios.create({ httpAgent: agents.http, httpsAgent: agents.https, proxy: false }), bearer(token))
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` for a proxy URL that is not http(s) or carries
 *   credentials, or `auth` not made by `proxyAuth()`.
 */
export function proxyAgents(options: ProxyAgentsOptions): ProxyAgents {
  const tunnel: Tunnel = {
    proxy: proxyUrl('proxyAgents', options),
    auth: options.auth,
    proxyTls: options.proxyTls,
  }
  return {
    http: new TunnelHttpAgent(tunnel, { keepAlive: true, ...options.http }),
    https: new TunnelHttpsAgent(tunnel, { keepAlive: true, ...options.https }),
  }
}
