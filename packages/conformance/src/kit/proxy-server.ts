import { createServer, request as forward } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { type ProxyAuthConfig, proxyVerifier } from './proxy-auth.js'

/** A forwarding HTTP proxy on loopback, from {@link startProxy}. */
export interface ProxyServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /**
   * What it relayed, in order: the absolute URL of each forwarded request, and
   * `CONNECT host:port` for each tunnel (some proxy agents tunnel plain http too).
   */
  readonly forwarded: string[]
  /** Stops the proxy and closes its connections. */
  close(): Promise<void>
}

/** A proxy that can ask for credentials, from {@link startProxy}. */
export interface AuthProxyServer extends ProxyServer {
  /**
   * Every request it received (forwarded or CONNECT), with the `Proxy-Authorization` it
   * carried and the status the proxy gave it (407 when refused for want of credentials).
   */
  readonly received: ProxyReceived[]
}

/** One request an {@link AuthProxyServer} received. */
export interface ProxyReceived {
  /** The absolute URL forwarded, or `CONNECT host:port`. */
  readonly target: string
  /** Its `Proxy-Authorization`, if it carried one. */
  readonly authorization?: string
  /** 200 when admitted, 407 when refused for want of good credentials. */
  readonly status: number
}

/**
 * A small forward proxy on loopback: it relays `GET http://127.0.0.1:...` requests and
 * `CONNECT 127.0.0.1:port` tunnels to loopback targets only (anything else is refused),
 * so a scenario can prove a request really went through a proxy. With `auth`, it answers
 * `407` with `Proxy-Authenticate` to any request or CONNECT without good
 * `Proxy-Authorization`, and forwards none to the origin.
 */
export async function startProxy(
  options: { auth?: ProxyAuthConfig } = {},
): Promise<AuthProxyServer> {
  const forwarded: string[] = []
  const received: ProxyReceived[] = []
  const verifier = options.auth && proxyVerifier(options.auth)
  /** 407 unless the request carries good credentials (or none are asked for). */
  const admitted = (method: string, target: string, authorization: string | undefined) => {
    const ok = verifier === undefined || verifier.verify(method, authorization)
    received.push({
      target,
      ...(authorization !== undefined && { authorization }),
      status: ok ? 200 : 407,
    })
    return ok
  }
  const server = createServer((incoming, outgoing) => {
    const target = new URL(incoming.url ?? '/', 'http://invalid.invalid')
    if (target.protocol !== 'http:' || target.hostname !== '127.0.0.1') {
      outgoing.writeHead(403).end()
      return
    }
    const { 'proxy-authorization': authorization, ...headers } = incoming.headers
    if (!admitted(incoming.method ?? 'GET', target.href, authorization)) {
      incoming.resume()
      outgoing.writeHead(407, { 'proxy-authenticate': verifier?.challenge() ?? '' }).end()
      return
    }
    forwarded.push(target.href)
    // Proxy-Authorization is for this hop only (RFC 9110 section 11.7.2): never forwarded.
    const relay = forward(target, { method: incoming.method, headers }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers)
      response.pipe(outgoing)
    })
    relay.on('error', () => outgoing.writeHead(502).end())
    incoming.pipe(relay)
  })
  // Tunnels leave the server's bookkeeping once upgraded: closed by hand on close().
  const tunnels = new Set<{ destroy(): void }>()
  server.on('connect', (incoming, socket, head) => {
    tunnels.add(socket)
    socket.once('close', () => tunnels.delete(socket))
    const authority = incoming.url ?? ''
    const [host, port] = authority.split(':')
    if (host !== '127.0.0.1' || !port) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
      return
    }
    if (!admitted('CONNECT', `CONNECT ${authority}`, incoming.headers['proxy-authorization'])) {
      socket.end(
        `HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: ${verifier?.challenge()}\r\nContent-Length: 0\r\n\r\n`,
      )
      return
    }
    forwarded.push(`CONNECT ${authority}`)
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
    socket.on('close', () => upstream.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    received,
    close: async () => {
      server.closeAllConnections()
      for (const socket of tunnels) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
