import { Readable } from 'node:stream'
import type {
  AdapterUnderTest,
  ClientOptions,
  UniformBody,
  UniformRequest,
} from '@latchkey/conformance'
import type { AuthStrategy } from '@latchkey/core'
import { proxyAgents } from '@latchkey/core/node'
import type { Got, OptionsInit } from 'got'
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent'
import { withAuth } from '../src/index.js'

/** The conformance adapter over one got major, given its default export. */
export function gotAdapter(name: string, got: Got): AdapterUnderTest {
  return {
    name,
    createClient(strategy: AuthStrategy, options: ClientOptions) {
      const instance = got.extend({
        ...(options.baseUrl && { prefixUrl: options.baseUrl }),
        https: { certificateAuthority: options.ca },
        ...(options.tunnel && {
          agent: proxyAgents({
            proxy: options.proxy ?? '',
            ...options.tunnel,
            https: { ca: options.ca },
          }),
        }),
        ...(options.proxy &&
          !options.tunnel && {
            agent: {
              http: new HttpProxyAgent({ proxy: options.proxy }),
              https: new HttpsProxyAgent({ proxy: options.proxy, ca: options.ca }),
            },
          }),
        retry: options.retry
          ? {
              limit: options.retry.limit,
              statusCodes: [...options.retry.statusCodes],
              calculateDelay: ({ computedValue }) => (computedValue > 0 ? 1 : 0),
            }
          : { limit: 0 },
        ...(options.timeoutMs && { timeout: { request: options.timeoutMs } }),
        throwHttpErrors: options.throwHttpErrors ?? false,
        hooks: {
          beforeRequest: [
            (request) => {
              options.userHook?.(String(request.url))
            },
          ],
          beforeError: [
            (error) => {
              options.errorHook?.(error, 'beforeError')
              return error
            },
          ],
          beforeRetry: [(error) => options.errorHook?.(error, 'beforeRetry')],
        },
      })
      const client = withAuth(instance, strategy, options.auth)
      return {
        async request(request: UniformRequest) {
          const response = await client(request.url, {
            method: (request.method ?? 'GET') as 'GET',
            headers: { ...request.headers },
            ...(request.query && { searchParams: request.query }),
            ...(await encode(request.body)),
            ...(request.optOut && { context: { latchkey: false } }),
            ...(request.signal && { signal: request.signal }),
          } as OptionsInit & { isStream?: false; resolveBodyOnly?: false })
          const headers = new Headers()
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === 'string') headers.set(name, value)
          }
          return { status: response.statusCode, headers, body: String(response.body) }
        },
        paginate: (url: string) => client.paginate.all<unknown>(url),
      }
    },
  }
}

/** Each body the way a got user passes it (got takes no Blob: users pass its bytes). */
async function encode(body: UniformBody | undefined): Promise<OptionsInit> {
  if (body === undefined) return {}
  switch (body.kind) {
    case 'json':
      return { json: body.value }
    case 'bytes':
      return { body: Buffer.from(body.value) }
    case 'urlencoded':
      return { form: Object.fromEntries(body.value) }
    case 'blob':
      return { body: Buffer.from(await body.value.arrayBuffer()) }
    case 'stream':
      return { body: Readable.from(body.value.map((chunk) => Buffer.from(chunk))) }
    default:
      return { body: body.value as string }
  }
}
