import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { TLSSocket } from 'node:tls'
import type { KeyPair } from './certificates.js'
import type { Hop, HopLog } from './hop.js'

/** Answers one request. `hop` is already recorded; `url` is absolute, as the client addressed it. */
export type Handler = (hop: Hop, url: URL, response: ServerResponse) => void | Promise<void>

/** One of a kit's servers, from {@link startOrigin}. */
export interface OriginServer {
  /** The port the server listens on (127.0.0.1). */
  readonly port: number
  /** `https` when it was started with a key pair. */
  readonly scheme: 'http' | 'https'
  /** Stops the server and closes its connections. */
  close(): Promise<void>
}

/** Options of {@link startOrigin}. */
export interface OriginOptions {
  /** Where every request received is recorded. */
  readonly log: HopLog
  /** The handler for a request's absolute URL. */
  readonly route: (url: URL) => Handler
  /** Serve https with this certificate; plain http without it. */
  readonly tls?: KeyPair
  /**
   * Ask for a client certificate signed by this CA (PEM). `required` refuses the handshake
   * without a valid one; otherwise any certificate, or none, is accepted and recorded.
   */
  readonly clientCertificates?: {
    /** The CA client certificates must be signed by (PEM). */
    readonly ca: string
    /** Refuse the handshake without a valid certificate. */
    readonly required: boolean
  }
  /**
   * Answer as a CORS API for pages on other origins: any origin, method and header allowed,
   * every response header readable, preflights answered and not recorded. Default off.
   */
  readonly cors?: boolean
}

/** A loopback server that records every request it receives, then lets a route answer it. */
export async function startOrigin(options: OriginOptions): Promise<OriginServer> {
  const scheme = options.tls ? 'https' : 'http'
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    if (options.cors && allowCors(request, response)) return
    receive(request, scheme, options).then(
      ({ hop, url }) => options.route(url)(hop, url, response),
      (error: unknown) => {
        response.statusCode = 500
        response.end(String(error))
      },
    )
  }
  const clients = options.clientCertificates
  const server: Server = options.tls
    ? createHttpsServer(
        {
          cert: options.tls.cert,
          key: options.tls.key,
          ...(clients && {
            ca: clients.ca,
            requestCert: true,
            rejectUnauthorized: clients.required,
          }),
        },
        listener,
      )
    : createHttpServer(listener)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    port,
    scheme,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * CORS for a page on another origin: any origin, method and request header is allowed and
 * every response header is readable, unless a route sets its own
 * `Access-Control-Expose-Headers` (to hide a challenge, say). A preflight is answered here
 * and never recorded: the hop log stays what a Node.js client would have sent. Returns
 * whether the request was a preflight.
 */
function allowCors(request: IncomingMessage, response: ServerResponse): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return false
  response.setHeader('access-control-allow-origin', origin)
  response.setHeader('vary', 'origin')
  response.setHeader('access-control-expose-headers', '*')
  const method = request.headers['access-control-request-method']
  if (request.method !== 'OPTIONS' || method === undefined) return false
  response.writeHead(204, {
    'access-control-allow-methods': method,
    'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '',
    // Cached, so a request pays for its preflight once (scenarios with short timeouts).
    'access-control-max-age': '600',
  })
  response.end()
  return true
}

async function receive(
  request: IncomingMessage,
  scheme: string,
  options: OriginOptions,
): Promise<{ hop: Hop; url: URL }> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const url = new URL(request.url ?? '/', `${scheme}://${request.headers.host ?? 'unknown'}`)
  const rawHeaders: [string, string][] = []
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    rawHeaders.push([request.rawHeaders[i] as string, request.rawHeaders[i + 1] as string])
  }
  const headers: Record<string, string> = {}
  for (const [name, value] of rawHeaders) {
    const key = name.toLowerCase()
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value
  }
  const hop: Hop = {
    origin: url.origin,
    method: request.method ?? 'GET',
    path: url.pathname,
    target: request.url ?? '/',
    query: url.searchParams,
    headers,
    rawHeaders,
    body: Buffer.concat(chunks),
    connection: connectionNumber(request),
    clientCertificate: peerSubject(request),
  }
  options.log.record(hop)
  return { hop, url }
}

const connections = new WeakMap<object, number>()
let opened = 0

function connectionNumber(request: IncomingMessage): number {
  let number = connections.get(request.socket)
  if (number === undefined) {
    number = ++opened
    connections.set(request.socket, number)
  }
  return number
}

function peerSubject(request: IncomingMessage): string | undefined {
  const socket = request.socket as Partial<TLSSocket>
  const peer = socket.getPeerCertificate?.()
  // An empty object when no certificate was presented.
  const name = peer?.subject?.CN
  return typeof name === 'string' ? name : undefined
}
