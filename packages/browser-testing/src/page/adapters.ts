import { withAuth as withAxios } from '@latchkey/axios'
import {
  type AdapterUnderTest,
  type Capabilities,
  type ClientOptions,
  type UniformBody,
  type UniformRequest,
  type UniformResponse,
  webStream,
} from '@latchkey/conformance'
import { type AuthStrategy, isAuthError } from '@latchkey/core'
import { type FetchLike, withAuth as withFetch } from '@latchkey/fetch'
import { withAuth as withKy } from '@latchkey/ky'
import axios, { AxiosHeaders, type AxiosRequestConfig } from 'axios'
import axiosRetry from 'axios-retry'
import fetchRetry from 'fetch-retry'
import type { Options } from 'ky'
import * as ky1 from 'ky'
import * as ky2 from 'ky2'

/**
 * What a page cannot do, whichever the client: present a client certificate (the browser
 * picks one itself), read where a redirect points without following it, or set `Cookie`
 * and `Proxy-Authorization`.
 */
export const browser: Partial<Capabilities> = {
  clientCertificates: false,
  keepsClientTls: false,
  readsRedirects: false,
  setsForbiddenHeaders: false,
  proxies: false,
}
/** Chromium uploads a stream only over HTTP/2; ky reads a body into bytes before sending. */
const sendsStreams: Partial<Capabilities> = { streamUploads: false }

/** The same adapters as the Node.js suites', written as a page's code would use each client. */
export const adapters: Record<string, AdapterUnderTest> = {
  fetch: {
    name: 'fetch',
    supports: { ...browser, ...sendsStreams, httpErrors: false },
    createClient(strategy, options) {
      const authFetch = withFetch(fetch, strategy, options.auth)
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
        async request(request) {
          const url = new URL(request.url, options.baseUrl)
          for (const [name, value] of Object.entries(request.query ?? {}))
            url.searchParams.append(name, value)
          const { body, headers } = encodeFetch(request.body, request.headers)
          const signal = signalOf(request, options)
          const response = await retrying(url, {
            method: request.method ?? 'GET',
            headers,
            body,
            ...(signal && { signal }),
            ...(request.optOut && { latchkey: false }),
            ...(body instanceof ReadableStream && { duplex: 'half' }),
          } as RequestInit)
          return { status: response.status, headers: response.headers, body: await response.text() }
        },
      }
    },
  },
  ky: kyAdapter('ky', 1, ky1),
  'ky 2': kyAdapter('ky 2', 2, ky2 as unknown as KyModule),
  'axios xhr': axiosAdapter('xhr'),
  'axios fetch': axiosAdapter('fetch'),
}

/** The parts of a ky module (ky 1 or ky 2) a page uses. */
interface KyModule {
  readonly default: typeof ky1.default
  readonly HTTPError: typeof ky1.HTTPError
}

/**
 * One ky major in a page. ky 2 renamed `prefixUrl` to `prefix`, reads an HTTPError's body
 * (`parseJson` keeps it as text) and runs `beforeRequest` once per call, `beforeRetry`
 * before each retry.
 */
function kyAdapter(name: string, major: 1 | 2, module: KyModule): AdapterUnderTest {
  return {
    name,
    supports: browser,
    createClient(strategy, options) {
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
      const client = withKy(base, strategy, options.auth)
      return {
        async request(request) {
          // ky retries only what it would throw, so HTTP errors stay on and are unwrapped here.
          try {
            const response = await client(request.url, {
              method: request.method ?? 'GET',
              headers: request.headers ?? {},
              ...(request.query && { searchParams: request.query }),
              ...encodeKy(request.body),
              ...(request.optOut && { latchkey: false }),
              ...(request.signal && { signal: request.signal }),
            } as Options)
            return {
              status: response.status,
              headers: response.headers,
              body: await response.text(),
            }
          } catch (error) {
            if (!(error instanceof module.HTTPError) || options.throwHttpErrors) throw error
            // ky 2 has read the body into `error.data` already.
            const { response, data } = error as Error & { response: Response; data?: unknown }
            const body = major === 1 ? await response.text() : typeof data === 'string' ? data : ''
            return { status: response.status, headers: response.headers, body }
          }
        },
      }
    },
  }
}

function axiosAdapter(kind: 'xhr' | 'fetch'): AdapterUnderTest {
  return {
    name: `axios ${kind}`,
    supports: { ...browser, ...sendsStreams },
    createClient(strategy: AuthStrategy, options: ClientOptions) {
      const instance = axios.create({
        adapter: kind,
        ...(options.baseUrl && { baseURL: options.baseUrl }),
        timeout: options.timeoutMs ?? 0,
        responseType: 'text',
        transitional: {
          silentJSONParsing: true,
          forcedJSONParsing: false,
          clarifyTimeoutError: false,
        },
      })
      instance.interceptors.request.use((config) => {
        options.userHook?.(axios.getUri(config))
        return config
      })
      instance.interceptors.response.use(undefined, (error: unknown) => {
        options.errorHook?.(error, 'response interceptor')
        return Promise.reject(error)
      })
      if (options.retry) {
        const statuses = options.retry.statusCodes
        axiosRetry(instance, {
          retries: options.retry.limit,
          retryDelay: () => 0,
          // As users configure it: network errors (axios-retry's own check) and these statuses.
          retryCondition: (error) =>
            axiosRetry.isNetworkError(error) || statuses.includes(error.response?.status ?? 0),
        })
      }
      const client = withAxios(instance, strategy, options.auth)
      return {
        async request(request: UniformRequest): Promise<UniformResponse> {
          const response = await client
            .request<string>({
              method: request.method ?? 'GET',
              url: request.url,
              headers: { ...request.headers },
              ...(request.query && { params: request.query }),
              ...encodeAxios(request.body),
              ...(request.optOut && { latchkey: false }),
              ...(request.signal && { signal: request.signal }),
            })
            .catch((error: unknown) => {
              if (axios.isAxiosError(error) && error.response && !options.throwHttpErrors)
                return error.response
              throw error
            })
          const headers = new Headers()
          for (const [name, value] of Object.entries(
            new AxiosHeaders(response.headers as AxiosHeaders).toJSON(),
          )) {
            if (typeof value === 'string') headers.set(name, value)
          }
          return { status: response.status, headers, body: String(response.data ?? '') }
        },
      }
    },
  }
}

function signalOf(request: UniformRequest, options: ClientOptions): AbortSignal | undefined {
  const signals = [
    request.signal,
    options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined,
  ].filter((entry) => entry !== undefined)
  return signals.length > 0 ? AbortSignal.any(signals) : undefined
}

function encodeFetch(body: UniformBody | undefined, headers: Record<string, string> = {}) {
  if (body === undefined) return { body: undefined, headers }
  if (body.kind === 'json')
    return {
      body: JSON.stringify(body.value),
      headers: { 'content-type': 'application/json', ...headers },
    }
  if (body.kind === 'stream') return { body: webStream(body.value), headers }
  return { body: body.value as BodyInit, headers }
}

function encodeKy(body: UniformBody | undefined): Options {
  if (body === undefined) return {}
  if (body.kind === 'json') return { json: body.value }
  if (body.kind === 'stream') return { body: webStream(body.value) }
  return { body: body.value as BodyInit }
}

function encodeAxios(body: UniformBody | undefined): AxiosRequestConfig {
  if (body === undefined) return {}
  if (body.kind === 'stream') return { data: webStream(body.value) }
  return { data: body.value }
}
