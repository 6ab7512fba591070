import { createServer, request as forward } from 'node:http'
import { type AddressInfo, connect } from 'node:net'

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

/**
 * A small forward proxy on loopback: it relays `GET http://127.0.0.1:...` requests and
 * `CONNECT 127.0.0.1:port` tunnels to loopback targets only (anything else is refused),
 * so a scenario can prove a request really went through a proxy.
 */
export async function startProxy(): Promise<ProxyServer> {
  const forwarded: string[] = []
  const server = createServer((incoming, outgoing) => {
    const target = new URL(incoming.url ?? '/', 'http://invalid.invalid')
    if (target.protocol !== 'http:' || target.hostname !== '127.0.0.1') {
      outgoing.writeHead(403).end()
      return
    }
    forwarded.push(target.href)
    const relay = forward(
      target,
      { method: incoming.method, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers)
        response.pipe(outgoing)
      },
    )
    relay.on('error', () => outgoing.writeHead(502).end())
    incoming.pipe(relay)
  })
  server.on('connect', (incoming, socket, head) => {
    const authority = incoming.url ?? ''
    const [host, port] = authority.split(':')
    if (host !== '127.0.0.1' || !port) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')
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
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
