import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { Socket } from 'node:net'
import type { ConnectionOptions } from 'node:tls'
import { AuthError } from '../../errors/auth-error.js'
import { CHALLENGE_FAILED } from '../../errors/codes.js'
import { answerProxyChallenge, type ProxyAuth } from '../../proxy/auth.js'

/** Where a tunnel goes and how the proxy is reached. */
export interface TunnelOptions {
  /** The proxy: `http://host:port`, or `https://` to speak TLS to the proxy itself. */
  readonly proxy: URL
  /** The target's host (a name, an IPv4 address, or an IPv6 address with or without brackets). */
  readonly host: string
  /** The target's port. */
  readonly port: number
  /** Answers the proxy's `407`; without it a `407` is a `CHALLENGE_FAILED` error. */
  readonly auth?: ProxyAuth | undefined
  /** TLS options for an `https://` proxy (its CA, ...). */
  readonly proxyTls?: ConnectionOptions | undefined
}

/** The socket to the proxy, and what the proxy answered on it. */
interface Answer {
  readonly response: IncomingMessage
  readonly socket: Socket
  readonly head: Buffer
}

/**
 * A `CONNECT host:port` tunnel through the proxy, answering one `407` with the proxy
 * credentials (on a new connection: proxies may close the refused one). The
 * `Proxy-Authorization` goes on the CONNECT only; what then flows through the socket is
 * the client's, so it never reaches the origin.
 *
 * @throws `AuthError` `CHALLENGE_FAILED` when the proxy asks for credentials there are
 *   none for, or refuses the ones sent (a second `407`: no endless loop).
 */
export async function openTunnel(options: TunnelOptions): Promise<Socket> {
  const host =
    options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host
  const authority = `${host}:${options.port}`
  const proxy = options.proxy.origin
  let answer = await connect(options, authority, {})
  if (answer.response.statusCode === 407) {
    answer.socket.destroy()
    if (options.auth === undefined) {
      throw new AuthError(
        CHALLENGE_FAILED,
        `proxy ${proxy} asks for authentication (407) for CONNECT ${authority}, and no proxy credentials were given`,
        { status: 407 },
      )
    }
    const authorization = answerProxyChallenge(
      options.auth,
      headerOf(answer.response, 'proxy-authenticate'),
      { method: 'CONNECT', uri: authority, proxy },
    )
    answer = await connect(options, authority, { 'proxy-authorization': authorization })
    if (answer.response.statusCode === 407) {
      answer.socket.destroy()
      throw new AuthError(
        CHALLENGE_FAILED,
        `proxy ${proxy} refused the proxy credentials (407) for CONNECT ${authority}`,
        { status: 407 },
      )
    }
  }
  const status = answer.response.statusCode ?? 0
  if (status < 200 || status > 299) {
    answer.socket.destroy()
    throw new Error(`proxy ${proxy} answered ${status} to CONNECT ${authority}`)
  }
  // Bytes the proxy sent after its answer belong to the tunnel.
  if (answer.head.length > 0) answer.socket.unshift(answer.head)
  return answer.socket
}

function connect(
  options: TunnelOptions,
  authority: string,
  headers: OutgoingHttpHeaders,
): Promise<Answer> {
  const { proxy } = options
  const secure = proxy.protocol === 'https:'
  const send = secure ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const request = send({
      ...(secure && options.proxyTls),
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: proxy.port || (secure ? 443 : 80),
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...headers },
      agent: false,
      setHost: false,
    })
    request.once('connect', (response, socket, head) => resolve({ response, socket, head }))
    request.once('response', (response) => {
      // Not a CONNECT answer Node recognises: read nothing more from it.
      response.destroy()
      reject(
        new Error(`proxy ${proxy.origin} answered ${response.statusCode} to CONNECT ${authority}`),
      )
    })
    request.once('error', (error) =>
      reject(
        new Error(
          `proxy ${proxy.origin} could not be reached for CONNECT ${authority}: ${error.message}`,
          { cause: error },
        ),
      ),
    )
    request.end()
  })
}

function headerOf(response: IncomingMessage, name: string): string | null {
  // Every Proxy-Authenticate line, read as one list (RFC 9110 section 5.3).
  const values: string[] = []
  const raw = response.rawHeaders
  for (let index = 0; index < raw.length; index += 2) {
    if (raw[index]?.toLowerCase() === name) values.push(raw[index + 1] ?? '')
  }
  return values.length === 0 ? null : values.join(', ')
}
