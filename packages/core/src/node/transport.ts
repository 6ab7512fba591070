import type { IncomingMessage } from 'node:http'
import { type Agent, request as httpsRequest } from 'node:https'
import { Readable } from 'node:stream'
import { AuthError } from '../errors/auth-error.js'
import { INSECURE_TRANSPORT } from '../errors/codes.js'
import type { Transport } from '../flow/types.js'
import {
  type ClientCertificateSource,
  certificateReader,
} from '../strategies/client-certificate.js'
import { CertificateAgents } from './agents.js'
import { certificateAgent, retireAgent } from './https-agent.js'

/**
 * A {@link Transport} that presents a client certificate: pass it as `withAuth`'s
 * `transport` so token and login endpoints see the same certificate as the API
 * (certificate-bound tokens, RFC 8705). Built on `node:https` with a keep-alive agent
 * per certificate; material is given and rotated exactly as for `mtls()`. Only https
 * URLs; redirects are returned, not followed; bodies are not decompressed.
 *
 * @example
 * ```ts
 * const certificate = { cert: './client.crt', key: './client.key' }
 * withAuth(client, chain(mtls(certificate), oauthStrategy), { transport: mtlsTransport(certificate) })
 * ```
 */
export function mtlsTransport(material: ClientCertificateSource): Transport {
  const read = certificateReader(material, 'mtlsTransport')
  const agents = new CertificateAgents<Agent>({
    create: (tls) => certificateAgent(tls),
    retire: retireAgent,
  })
  return async (request) => {
    const url = new URL(request.url)
    if (url.protocol !== 'https:') {
      throw new AuthError(
        INSECURE_TRANSPORT,
        `mtlsTransport: a client certificate can only be presented over https, not to ${url.origin}`,
      )
    }
    const agent = await agents.get(await read())
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer())
    return send(url, request, agent, body)
  }
}

function send(url: URL, request: Request, agent: Agent, body: Buffer | undefined) {
  return new Promise<Response>((resolve, reject) => {
    const outgoing = httpsRequest(
      url,
      {
        method: request.method,
        headers: Object.fromEntries(request.headers),
        agent,
        signal: request.signal,
      },
      (incoming) => resolve(toResponse(incoming, request.method)),
    )
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

function toResponse(incoming: IncomingMessage, method: string): Response {
  const headers = new Headers()
  const raw = incoming.rawHeaders
  for (let index = 0; index + 1 < raw.length; index += 2) {
    headers.append(raw[index] as string, raw[index + 1] as string)
  }
  const status = incoming.statusCode ?? 502
  const empty = method === 'HEAD' || status === 204 || status === 304
  if (empty) incoming.resume()
  const body = empty ? null : (Readable.toWeb(incoming) as unknown as ReadableStream<Uint8Array>)
  return new Response(body, { status, statusText: incoming.statusMessage ?? '', headers })
}
