import { Agent } from 'node:https'
import { awsScenarios } from '@latchkey/aws-testing'
import type {
  AdapterUnderTest,
  ClientOptions,
  UniformBody,
  UniformRequest,
} from '@latchkey/conformance'
import { describeAdapter } from '@latchkey/conformance/vitest'
import type { AuthStrategy } from '@latchkey/core'
import { proxyAgents } from '@latchkey/core/node'
import { httpSignatureScenarios } from '@latchkey/http-signature-testing'
import { oidcScenarios } from '@latchkey/oidc-testing'
import axios, { AxiosHeaders, type AxiosRequestConfig } from 'axios'
import axiosRetry from 'axios-retry'
import { withAuth } from '../src/index.js'

const adapter: AdapterUnderTest = {
  name: 'axios',
  createClient(strategy: AuthStrategy, options: ClientOptions) {
    const tunnel =
      options.tunnel &&
      proxyAgents({ proxy: options.proxy ?? '', ...options.tunnel, https: { ca: options.ca } })
    const instance = axios.create({
      ...(options.baseUrl && { baseURL: options.baseUrl }),
      httpsAgent: tunnel?.https ?? new Agent({ ca: options.ca, keepAlive: true }),
      timeout: options.timeoutMs ?? 0,
      ...(tunnel
        ? { httpAgent: tunnel.http, proxy: false as const }
        : options.proxy && { proxy: axiosProxy(options.proxy) }),
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
      async request(request: UniformRequest) {
        // axios-retry retries only what axios rejects, so statuses are validated as usual
        // and HTTP errors are unwrapped here.
        const response = await client
          .request<string>({
            method: request.method ?? 'GET',
            url: request.url,
            headers: { ...request.headers },
            ...(request.query && { params: request.query }),
            ...encode(request.body),
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
        return { status: response.status, headers, body: response.data }
      },
    }
  },
}

describeAdapter(adapter, { scenarios: [oidcScenarios, httpSignatureScenarios, awsScenarios] })

function axiosProxy(url: string) {
  const { protocol, hostname, port } = new URL(url)
  return { protocol: protocol.slice(0, -1), host: hostname, port: Number(port) }
}

function encode(body: UniformBody | undefined): AxiosRequestConfig {
  if (body === undefined) return {}
  switch (body.kind) {
    case 'json':
      return { data: body.value }
    case 'stream': {
      const { Readable } = require('node:stream') as typeof import('node:stream')
      return { data: Readable.from(body.value.map((chunk) => Buffer.from(chunk))) }
    }
    default:
      return { data: body.value }
  }
}
