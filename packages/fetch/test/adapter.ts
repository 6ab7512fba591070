import {
  type AdapterPlatform,
  type AdapterUnderTest,
  type ClientOptions,
  type UniformBody,
  type UniformRequest,
  webStream,
} from '@latchkey/conformance'
import { type AuthOptions, type AuthStrategy, isAuthError } from '@latchkey/core'
import fetchRetry from 'fetch-retry'
import type { FetchLike } from '../src/index.js'

/** How a client under test is authenticated: plain `withAuth`, or a composition of it. */
export type Authenticate = (strategy: AuthStrategy, options: AuthOptions | undefined) => FetchLike

/**
 * The conformance adapter over fetch, on Node.js or (through `platform`) in a browser page,
 * authenticated by `authenticate`.
 */
export const fetchAdapter = (
  name: string,
  authenticate: Authenticate,
  platform: AdapterPlatform<unknown> = {},
): AdapterUnderTest => ({
  name,
  supports: { httpErrors: false, keepsClientTls: false, ...platform.supports },
  createClient(strategy: AuthStrategy, options: ClientOptions) {
    const dispatcher = platform.transport?.(options)
    const authFetch = authenticate(strategy, options.auth)
    // fetch has no hooks or retries of its own: users wrap it, and so does this test.
    const hooked: FetchLike =
      options.userHook || options.errorHook
        ? (input, init) => {
            options.userHook?.(String(input instanceof Request ? input.url : input))
            return authFetch(input, init).catch((error: unknown) => {
              options.errorHook?.(error, 'catch')
              throw error
            })
          }
        : authFetch
    const { limit = 0, statusCodes: statuses = [] } = options.retry ?? {}
    const retrying = options.retry
      ? fetchRetry(hooked as typeof fetch, {
          // fetch-retry retries every rejection, a Latchkey AuthError too: the README's
          // recipe declines those, which no retry fixes.
          retryOn: (attempt, error, response) =>
            attempt < limit &&
            (error ? !isAuthError(error) : statuses.includes(response?.status ?? 0)),
          retryDelay: 0,
        })
      : hooked
    return {
      async request(request: UniformRequest) {
        const url = options.baseUrl ? new URL(request.url, options.baseUrl) : request.url
        const target = request.query ? appendQuery(url, request.query) : url
        const { body, headers } = encode(request.body, request.headers)
        const signals = [
          request.signal,
          options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined,
        ]
        const signal = signals.filter((entry) => entry !== undefined)
        const response = await retrying(target, {
          method: request.method ?? 'GET',
          headers,
          body,
          ...(signal.length > 0 && { signal: AbortSignal.any(signal) }),
          ...(request.optOut && { latchkey: false }),
          ...(body instanceof ReadableStream && { duplex: 'half' }),
          ...(dispatcher !== undefined && { dispatcher }),
        } as RequestInit)
        return { status: response.status, headers: response.headers, body: await response.text() }
      },
    }
  },
})

/** What a fetch user does with parameters: URLSearchParams on the URL. */
function appendQuery(url: string | URL, query: Readonly<Record<string, string>>): URL {
  const target = new URL(url)
  for (const [name, value] of Object.entries(query)) target.searchParams.append(name, value)
  return target
}

function encode(body: UniformBody | undefined, headers: Record<string, string> = {}) {
  if (body === undefined) return { body: undefined, headers }
  switch (body.kind) {
    case 'json':
      return {
        body: JSON.stringify(body.value),
        headers: { 'content-type': 'application/json', ...headers },
      }
    case 'stream':
      return { body: webStream(body.value), headers }
    default:
      return { body: body.value as BodyInit, headers }
  }
}
