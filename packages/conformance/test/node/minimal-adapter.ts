import type { AuthStrategy } from '@latchkey/core'
import { Authenticator, type AuthRequest, bytesBody } from '@latchkey/core/adapter'
import type { AdapterUnderTest, ClientOptions, UniformRequest } from '../../src/index.js'

/**
 * The smallest adapter there is: global fetch over plain http (no CA can be given to it), through `Authenticator.send`,
 * which owns the whole request; the adapter only translates. It shows an author's own
 * adapter under the suite (here, on node:test) without depending on a published one.
 */
export const minimalAdapter: AdapterUnderTest = {
  name: 'minimal fetch',
  supports: { httpErrors: false, clientCertificates: false, proxies: false },
  createClient(strategy: AuthStrategy, options: ClientOptions) {
    const auth = new Authenticator(strategy, options.auth)
    return {
      async request(request: UniformRequest) {
        const response = await auth.send(toAuthRequest(request, options), {
          followRedirects: true,
          maxRedirects: 20,
          send: (sent) =>
            fetch(sent.url, {
              method: sent.method,
              headers: sent.headers,
              body: (sent.body?.source as BodyInit | undefined) ?? null,
              redirect: 'manual',
            }),
          view: (reply) => reply,
          discard: (reply) => void reply.body?.cancel().catch(() => {}),
        })
        return { status: response.status, headers: response.headers, body: await response.text() }
      },
    }
  },
}

function toAuthRequest(request: UniformRequest, options: ClientOptions): AuthRequest {
  const url = new URL(request.url, options.baseUrl)
  for (const [name, value] of Object.entries(request.query ?? {})) {
    url.searchParams.append(name, value)
  }
  const headers = new Headers(request.headers)
  const body = request.body
  if (body !== undefined && body.kind !== 'text' && body.kind !== 'json') {
    throw new Error(`the minimal adapter sends text and JSON bodies, not ${body.kind}`)
  }
  const text = body?.kind === 'json' ? JSON.stringify(body.value) : body?.value
  if (body?.kind === 'json') headers.set('content-type', 'application/json')
  return {
    method: request.method ?? 'GET',
    url,
    headers,
    body: text === undefined ? null : bytesBody(text, text),
  }
}
