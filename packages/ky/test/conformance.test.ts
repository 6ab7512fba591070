import {
  type AdapterUnderTest,
  type ClientOptions,
  describeAdapter,
  type UniformBody,
  type UniformRequest,
} from '@latchkey/conformance'
import type { AuthStrategy } from '@latchkey/core'
import { oidcScenarios } from '@latchkey/oidc-testing'
import ky, { HTTPError, type Options } from 'ky'
import { Agent, ProxyAgent } from 'undici'
import { withAuth } from '../src/index.js'

const adapter: AdapterUnderTest = {
  name: 'ky',
  supports: { keepsClientTls: false },
  createClient(strategy: AuthStrategy, options: ClientOptions) {
    const dispatcher = options.proxy
      ? new ProxyAgent({ uri: options.proxy, requestTls: { ca: options.ca } })
      : new Agent({ connect: { ca: options.ca } })
    const base = ky.create({
      ...(options.baseUrl && { prefixUrl: options.baseUrl }),
      retry: options.retry
        ? {
            limit: options.retry.limit,
            statusCodes: [...options.retry.statusCodes],
            delay: () => 0,
          }
        : 0,
      timeout: options.timeoutMs ?? false,
      hooks: {
        beforeRequest: [(request) => options.userHook?.(request.url)],
        beforeError: [
          (error) => {
            options.errorHook?.(error, 'beforeError')
            return error
          },
        ],
        beforeRetry: [({ error }) => options.errorHook?.(error, 'beforeRetry')],
      },
    })
    const client = withAuth(base, strategy, options.auth)
    return {
      async request(request: UniformRequest) {
        // ky retries only what it would throw, so HTTP errors stay on and are unwrapped here.
        const response = await client(request.url, {
          method: request.method ?? 'GET',
          headers: request.headers ?? {},
          ...(request.query && { searchParams: request.query }),
          ...encode(request.body),
          ...(request.optOut && { latchkey: false }),
          ...(request.signal && { signal: request.signal }),
          dispatcher,
        } as Options).catch((error: unknown) => {
          if (error instanceof HTTPError && !options.throwHttpErrors) return error.response
          throw error
        })
        return { status: response.status, headers: response.headers, body: await response.text() }
      },
    }
  },
}

describeAdapter(adapter, { scenarios: [oidcScenarios] })

function encode(body: UniformBody | undefined): Options {
  if (body === undefined) return {}
  switch (body.kind) {
    case 'json':
      return { json: body.value }
    case 'stream': {
      const chunks = [...body.value]
      return {
        body: new ReadableStream<Uint8Array>({
          pull(controller) {
            const chunk = chunks.shift()
            if (chunk) controller.enqueue(chunk)
            else controller.close()
          },
        }),
      }
    }
    default:
      return { body: body.value as BodyInit }
  }
}
