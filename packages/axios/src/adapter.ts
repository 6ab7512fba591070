import type { AuthRequest } from '@latchkey/core/adapter'
import {
  type Authenticator,
  base64Utf8,
  followsOnPageOrigin,
  type HeaderChange,
  hiddenRedirect,
  isBrowser,
  keptByBrowserRedirects,
  lazyResponse,
  peekBufferedText,
  type Transmitter,
} from '@latchkey/core/adapter'
import type { AxiosAdapter, AxiosHeaders, AxiosResponse, InternalAxiosRequestConfig } from 'axios'
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
    const request = toAuthRequest(config, axios)
    const maxRedirects = config.maxRedirects ?? DEFAULT_MAX_REDIRECTS
    /** The hop being sent: a hidden redirect names it. */
    let sending: AuthRequest | undefined
    /** What the hop being sent carries that a browser would take along a redirect. */
    let kept: string[] = []
    const transmitter: Transmitter<AxiosResponse> = {
      followRedirects: maxRedirects > 0,
      maxRedirects,
      send: async (sent, headerChanges) => {
        sending = sent
        const { headers } = await request
        const agent = await httpsAgent(config, sent)
        const hop = hopConfig(config, headers, headerChanges, sent, agent, axios)
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
        if (browser && response.status === 0 && sending) throw hiddenRedirect(sending, kept)
        return lazyResponse(
          response.status,
          () => toHeaders(response.headers, axios),
          // The inner adapter's data, before axios's transforms: text, bytes or a stream.
          (limit) => peekBufferedText(response.data, limit),
        )
      },
      discard: (response) => (response.data as { destroy?: () => void } | null)?.destroy?.(),
      settle: (response) => settle(Object.assign(response, { config }), axios),
      explain: (error) => withCallerConfig(error, config, axios),
    }
    const translated = request.then(({ request }) => request)
    return auth.send(translated, transmitter, {
      signal: config.signal instanceof AbortSignal ? config.signal : undefined,
      skip: config.latchkey === false,
      proxyFor: proxyFor(config),
    })
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

/**
 * The caller's request in core's terms, and the same headers in axios's own object (the
 * caller's casing and `false` values kept), which every hop starts from.
 */
async function toAuthRequest(
  config: InternalAxiosRequestConfig,
  axios: AxiosModule,
): Promise<{ request: AuthRequest; headers: AxiosHeaders }> {
  const url = requestUrl(config)
  const own = new axios.AxiosHeaders(config.headers)
  if (config.auth) {
    // axios's own Basic auth is the caller's explicit credential: Latchkey treats it as one.
    const { username = '', password = '' } = config.auth
    own.set('authorization', `Basic ${base64Utf8(`${username}:${password}`)}`)
  }
  const { body, contentType } = await normalizeData(config.data)
  if (contentType !== undefined) own.set('content-type', contentType)
  const method = (config.method ?? 'get').toUpperCase()
  return { request: { method, url, headers: toHeaders(own, axios), body }, headers: own }
}

/**
 * The config for one hop: the caller's, with URL, method, body and Latchkey's header
 * changes applied to a copy of the caller's headers (so casing and `false` values stay).
 */
function hopConfig(
  config: InternalAxiosRequestConfig,
  callerHeaders: AxiosHeaders,
  headerChanges: readonly HeaderChange[],
  sent: AuthRequest,
  httpsAgent: unknown,
  axios: AxiosModule,
): InternalAxiosRequestConfig {
  const headers = new axios.AxiosHeaders(callerHeaders)
  for (const [name, value] of headerChanges) {
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
