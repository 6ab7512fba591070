import type {
  AdapterPlatform,
  AdapterUnderTest,
  ClientOptions,
  UniformBody,
  UniformRequest,
  UniformResponse,
} from '@latchkey/conformance'
import type { AuthStrategy } from '@latchkey/core'
import axios, { AxiosHeaders, type AxiosRequestConfig } from 'axios'
import axiosRetry from 'axios-retry'
import { withAuth } from '../src/index.js'

/** Where axios runs: its adapter or agents for the kit, and what a streamed body is there. */
export interface AxiosPlatform extends AdapterPlatform<AxiosRequestConfig> {
  /** A streamed request body: a Node.js `Readable`, or a web `ReadableStream` in a page. */
  readonly stream: (chunks: readonly Uint8Array[]) => unknown
}

/** The conformance adapter over axios, on Node.js or in a browser page (`platform`). */
export function axiosAdapter(name: string, platform: AxiosPlatform): AdapterUnderTest {
  return {
    name,
    ...(platform.supports && { supports: platform.supports }),
    createClient(strategy: AuthStrategy, options: ClientOptions) {
      const instance = axios.create({
        ...(options.baseUrl && { baseURL: options.baseUrl }),
        ...platform.transport?.(options),
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
      const client = withAuth(instance, strategy, options.auth)
      return {
        async request(request: UniformRequest): Promise<UniformResponse> {
          // axios-retry retries only what axios rejects, so statuses are validated as usual
          // and HTTP errors are unwrapped here.
          const response = await client
            .request<string>({
              method: request.method ?? 'GET',
              url: request.url,
              headers: { ...request.headers },
              ...(request.query && { params: request.query }),
              ...encode(request.body, platform),
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

function encode(body: UniformBody | undefined, platform: AxiosPlatform): AxiosRequestConfig {
  if (body === undefined) return {}
  if (body.kind === 'stream') return { data: platform.stream(body.value) }
  return { data: body.value }
}
