import type { AuthRequest } from '@latchkey/core/adapter'
import {
  type Authenticator,
  base64Utf8,
  diffHeaders,
  drive,
  followsOnPageOrigin,
  hiddenRedirect,
  isBrowser,
  keptByBrowserRedirects,
  lazyResponse,
  type Transmitter,
} from '@latchkey/core/adapter'
import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios'
import type { AxiosModule } from './axios-module.js'
import { normalizeData } from './body.js'
import { proxyFor } from './proxy.js'
import type { HttpsAgentFor } from './tls/types.js'
import { requestUrl } from './url.js'

/** axios's own default. */
const DEFAULT_MAX_REDIRECTS = 21

/**
 * Wraps an axios adapter: each hop goes through the inner adapter with redirects off, so
 * Latchkey follows them under its policy; the caller's config is what every response
 * and error carries, so it never holds a credential Latchkey added. Headers and errors are
 * built with the classes of `axios`, the copy of axios the caller's instance comes from.
 */
export function authenticatedAdapter(
  inner: AxiosAdapter,
  auth: Authenticator,
  agentFor: HttpsAgentFor | undefined,
  axios: AxiosModule,
): AxiosAdapter {
  /** The caller's own httpsAgent, or one that also presents the hop's certificate. */
  const httpsAgent = async (config: InternalAxiosRequestConfig, sent: AuthRequest) =>
    sent.tls && agentFor ? agentFor(sent.tls, config.httpsAgent) : (config.httpsAgent as unknown)
  // axios's browser adapters: XMLHttpRequest always follows redirects, and fetch's manual
  // redirects are opaque. Node's http adapter (and fetch outside a browser) shows them.
  const fetchAdapter = isBrowser() ? axiosFetch(axios) : undefined
  const browser = isXhr(inner) || (fetchAdapter !== undefined && inner === fetchAdapter)
  return async (config) => {
    const exchange = auth.exchange({
      signal: config.signal instanceof AbortSignal ? config.signal : undefined,
      skip: config.latchkey === false,
      proxyFor: proxyFor(config),
    })
    try {
      const callerHeaders = toHeaders(config.headers, axios)
      const request = await toAuthRequest(config, callerHeaders)
      const maxRedirects = config.maxRedirects ?? DEFAULT_MAX_REDIRECTS
      /** What the hop being sent carries that a browser would take along a redirect. */
      let kept: string[] = []
      const transmitter: Transmitter<AxiosResponse> = {
        followRedirects: maxRedirects > 0,
        maxRedirects,
        send: async (sent) => {
          const hop = hopConfig(config, callerHeaders, sent, await httpsAgent(config, sent), axios)
          if (!browser || fetchAdapter === undefined) return inner(hop)
          kept = keptByBrowserRedirects(auth.strategy.secrets, sent)
          // Only Authorization (or nothing): the browser follows, dropping it on the way to
          // another origin. Anything else goes through fetch with redirects off, so a
          // redirect stops before its target: XMLHttpRequest cannot be stopped.
          if (kept.length === 0) return inner({ ...hop, maxRedirects })
          // To the page's own origin, with headers only: fetch in same-origin mode follows
          // there and refuses any other origin before sending to it.
          if (followsOnPageOrigin(kept, sent.url)) {
            const fetchOptions = { ...hop.fetchOptions, mode: 'same-origin' as const }
            return fetchAdapter({ ...hop, maxRedirects, fetchOptions })
          }
          return fetchAdapter(hop)
        },
        view: (response) => {
          if (browser && response.status === 0) throw hiddenRedirect(request, kept)
          return lazyResponse(response.status, () => toHeaders(response.headers, axios))
        },
        discard: (response) => (response.data as { destroy?: () => void } | null)?.destroy?.(),
      }
      const response = await drive(exchange, request, transmitter)
      response.config = config
      return settle(response, axios)
    } catch (error) {
      await exchange.close().catch(() => {})
      throw auth.redact(withCallerConfig(error, config, axios))
    }
  }
}

function isXhr(adapter: AxiosAdapter): boolean {
  return (adapter as { adapterName?: string }).adapterName === 'xhr'
}

/** axios's fetch adapter (one per environment, so comparable), where there is a fetch. */
function axiosFetch(axios: AxiosModule): AxiosAdapter | undefined {
  try {
    return axios.getAdapter('fetch')
  } catch {
    return undefined
  }
}

async function toAuthRequest(
  config: InternalAxiosRequestConfig,
  callerHeaders: Headers,
): Promise<AuthRequest> {
  const url = requestUrl(config)
  const headers = new Headers(callerHeaders)
  if (config.auth) {
    // axios's own Basic auth is the caller's explicit credential: Latchkey treats it as one.
    const { username = '', password = '' } = config.auth
    headers.set('authorization', `Basic ${base64Utf8(`${username}:${password}`)}`)
  }
  const { body, contentType } = await normalizeData(config.data)
  if (contentType !== undefined) headers.set('content-type', contentType)
  return { method: (config.method ?? 'get').toUpperCase(), url, headers, body }
}

/**
 * The config for one hop: the caller's, with URL, method, body and Latchkey's header
 * changes applied to a copy of the caller's headers (so casing and `false` values stay).
 */
function hopConfig(
  config: InternalAxiosRequestConfig,
  callerHeaders: Headers,
  sent: AuthRequest,
  httpsAgent: unknown,
  axios: AxiosModule,
): InternalAxiosRequestConfig {
  const headers = new axios.AxiosHeaders(config.headers)
  for (const [name, value] of diffHeaders(callerHeaders, sent.headers)) {
    if (value === null) headers.delete(name)
    else headers.set(name, value)
  }
  return {
    ...copyWithout(config, ['auth', 'params']),
    url: sent.url.href,
    baseURL: '',
    method: sent.method.toLowerCase(),
    headers,
    data: sent.body?.source,
    maxRedirects: 0,
    validateStatus: null,
    httpsAgent,
  }
}

/**
 * A copy of the config without `keys`: here the URL is final (baseURL and params applied)
 * and axios's Basic auth is in the headers. A plain loop: axios hands adapters a config
 * without a prototype, which object spread copies on a slow path.
 */
function copyWithout(
  config: InternalAxiosRequestConfig,
  keys: readonly string[],
): InternalAxiosRequestConfig {
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(config)) {
    if (!keys.includes(key)) copy[key] = (config as unknown as Record<string, unknown>)[key]
  }
  return copy as unknown as InternalAxiosRequestConfig
}

function toHeaders(source: unknown, axios: AxiosModule): Headers {
  const headers = new Headers()
  const flat =
    source instanceof axios.AxiosHeaders ? source.toJSON() : (source as Record<string, unknown>)
  for (const [name, value] of Object.entries(flat ?? {})) {
    if (value === undefined || value === null || value === false) continue
    headers.set(name, Array.isArray(value) ? value.join(', ') : String(value))
  }
  return headers
}

/** axios's `settle`, with the caller's `validateStatus`. */
function settle(response: AxiosResponse, axios: AxiosModule): AxiosResponse {
  const { AxiosError } = axios
  const { validateStatus } = response.config
  if (!response.status || !validateStatus || validateStatus(response.status)) return response
  throw new AxiosError(
    `Request failed with status code ${response.status}`,
    response.status >= 400 && response.status < 500
      ? AxiosError.ERR_BAD_REQUEST
      : AxiosError.ERR_BAD_RESPONSE,
    response.config,
    response.request,
    response,
  )
}

/** Errors from a hop carry that hop's config, credentials included: give them the caller's. */
function withCallerConfig(
  error: unknown,
  config: InternalAxiosRequestConfig,
  axios: AxiosModule,
): unknown {
  if (axios.isAxiosError(error)) {
    error.config = config
    if (error.response) error.response.config = config
  }
  return error
}
