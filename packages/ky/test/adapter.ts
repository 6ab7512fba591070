import {
  type AdapterPlatform,
  type AdapterUnderTest,
  type ClientOptions,
  type UniformBody,
  type UniformRequest,
  webStream,
} from '@latchkey/conformance'
import type { AuthStrategy } from '@latchkey/core'
import type ky from 'ky'
import type { Options } from 'ky'
import { withAuth } from '../src/index.js'

/** The parts of a ky module (ky 1 or ky 2) the suite drives. */
export interface KyModule {
  readonly default: typeof ky
  readonly HTTPError: abstract new (...args: never[]) => Error
}

/**
 * The conformance adapter over one ky major, on Node.js or (through `platform`) in a
 * browser page. ky 2 renamed `prefixUrl` to `prefix` and reads an HTTPError's body into
 * `error.data`; `parseJson` keeps that body as the text it was.
 */
export function kyAdapter(
  name: string,
  major: 1 | 2,
  module: KyModule,
  platform: AdapterPlatform<unknown> = {},
): AdapterUnderTest {
  return {
    name,
    supports: { keepsClientTls: false, ...platform.supports },
    createClient(strategy: AuthStrategy, options: ClientOptions) {
      const dispatcher = platform.transport?.(options)
      const base = module.default.create({
        ...(options.baseUrl && { [major === 1 ? 'prefixUrl' : 'prefix']: options.baseUrl }),
        ...(major === 2 && { parseJson: (text: string) => text }),
        retry: options.retry
          ? {
              limit: options.retry.limit,
              statusCodes: [...options.retry.statusCodes],
              delay: () => 0,
            }
          : 0,
        timeout: options.timeoutMs ?? false,
        // ky 2 runs beforeRequest once per call and beforeRetry before each retry.
        // ky 1 hands beforeError the error, ky 2 `{ error }`; both take the error back.
        hooks: {
          beforeRequest: [(request: Request) => options.userHook?.(request.url)],
          beforeRetry: [
            ({ request, error }: { request: Request; error: unknown }) => {
              if (major === 2) options.userHook?.(request.url)
              options.errorHook?.(error, 'beforeRetry')
            },
          ],
          beforeError: [
            (argument: Error | { error: Error }) => {
              const error = argument instanceof Error ? argument : argument.error
              options.errorHook?.(error, 'beforeError')
              return error
            },
          ],
        },
      } as unknown as Options)
      const client = withAuth(base, strategy, options.auth)
      return {
        async request(request: UniformRequest) {
          // ky retries only what it would throw, so HTTP errors stay on and are unwrapped here.
          try {
            const response = await client(request.url, {
              method: request.method ?? 'GET',
              headers: request.headers ?? {},
              ...(request.query && { searchParams: request.query }),
              ...encode(request.body),
              ...(request.optOut && { latchkey: false }),
              ...(request.signal && { signal: request.signal }),
              ...(dispatcher !== undefined && { dispatcher }),
            } as unknown as Options)
            return {
              status: response.status,
              headers: response.headers,
              body: await response.text(),
            }
          } catch (error) {
            if (!(error instanceof module.HTTPError) || options.throwHttpErrors) throw error
            const { response, data } = error as Error & { response: Response; data?: unknown }
            const body = major === 1 ? await response.text() : typeof data === 'string' ? data : ''
            return { status: response.status, headers: response.headers, body }
          }
        },
      }
    },
  }
}

function encode(body: UniformBody | undefined): Options {
  if (body === undefined) return {}
  switch (body.kind) {
    case 'json':
      return { json: body.value }
    case 'stream':
      return { body: webStream(body.value) }
    default:
      return { body: body.value as BodyInit }
  }
}
