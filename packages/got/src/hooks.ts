import { isAuthError } from '@latchkey/core'
import {
  type Authenticator,
  type AuthRequest,
  agentProxy,
  type Exchange,
  lazyResponse,
  peekBufferedText,
  REQUEST_BODY_HEADERS,
  resolveRedirect,
} from '@latchkey/core/adapter'
import type {
  AfterResponseHook,
  BeforeErrorHook,
  BeforeRedirectHook,
  BeforeRequestHook,
  BeforeRetryHook,
  Options as GotOptions,
  HandlerFunction,
  PlainResponse,
  RequestError,
} from 'got'
import { normalizeBody } from './body.js'
import type { HookOptions as Options } from './options.js'
import { pageChainOf } from './pagination.js'
import { redactPrivateOptions } from './private-options.js'
import { RequestState, stateSlot } from './state.js'
import { certificateOptions } from './tls.js'

const checked = Symbol.for('latchkey.got.follow-redirect')
const declines = Symbol.for('latchkey.got.final-errors')

/**
 * got's hooks, wired to one exchange per call: beforeRequest applies (or strips)
 * credentials on every hop, beforeRedirect applies the redirect policy, afterResponse
 * lets the strategy retry, beforeError scrubs secrets. A handler scrubs the errors got
 * raises without running beforeError (an abort, `cancel()`, a stream error).
 */
export function authHooks(auth: Authenticator) {
  const httpsFor = certificateOptions(auth.strategy)
  const slot = stateSlot()

  const beforeRequest: BeforeRequestHook = async (options) => {
    let state = slot.of(options)
    if (state === undefined) {
      const context = options.context as { latchkey?: unknown }
      const agents = { ...options.agent }
      // A page of paginate() after the first follows up a response: it may not leave home.
      const chain = pageChainOf(options.context)
      const url = options.url as URL
      state = new RequestState(
        auth.exchange({
          signal: options.signal,
          skip: context.latchkey === false,
          proxyFor: (to) => agentProxy(to.protocol === 'https:' ? agents.https : agents.http, to),
          followUpOf: chain?.origin,
        }),
        { ...options.https },
      )
      slot.attach(options, state)
      if (chain !== undefined) chain.origin ??= url.origin
    }
    guardRedirects(options)
    guardRetries(options)
    // The Fetch standard's rule, as every adapter follows it: a 301/302 answering a POST
    // continues as a GET. got keeps the POST unless methodRewriting is on (which would also
    // rewrite other methods, so it is turned on for a POST only).
    if (options.method === 'POST') options.methodRewriting = true
    const hop = await toAuthRequest(options)
    const sent = state.takeRetry() ?? (await state.exchange.prepare(hop))
    apply(options, state.exchange, hop, sent)
    state.setApplied(hop, sent)
    // Every hop starts from the caller's https options; only a hop that presents the
    // certificate gets it merged in (a redirect to another origin must not inherit it).
    if (httpsFor !== undefined) {
      options.https = sent.tls ? { ...state.https, ...(await httpsFor(sent.tls)) } : state.https
    }
  }

  const beforeRedirect: BeforeRedirectHook = (options, response) => {
    const state = slot.of(options)
    const location = response.headers.location
    if (state === undefined || location === undefined) return
    state.exchange.follow(new URL(response.url), location)
    // got drops the body when it switches to a GET, but (got 14) not the body's headers.
    const previous = response.request.options.method
    if (options.method === 'GET' && previous !== 'GET' && previous !== 'HEAD') {
      for (const name of REQUEST_BODY_HEADERS) delete options.headers[name]
    }
    // On a same-origin hop got restores the caller's own userinfo; across origins it clears
    // its options but keeps whatever userinfo the Location carried, which Node would send.
    if (state.exchange.leftOrigin && options.url instanceof URL) {
      options.url.username = ''
      options.url.password = ''
    }
  }

  const afterResponse: AfterResponseHook = async (response, retryWithMergedOptions) => {
    const state = slot.of(response.request.options)
    if (state === undefined) return response
    const retry = await state.exchange.receive(
      lazyResponse(
        response.statusCode,
        () => toHeaders(response.headers),
        // got has read the body before afterResponse hooks run; the caller keeps it.
        (limit) => peekBufferedText(response.rawBody, limit),
      ),
    )
    if (retry === undefined) return response
    state.setRetry(retry)
    // Latchkey bounds its own retries per hop, so its hook stays on for a second challenge.
    return retryWithMergedOptions({ preserveHooks: true } as Partial<GotOptions>)
  }

  /** Makes a got error safe to surface: the caller's https options, no secret, AuthErrors as themselves. */
  const scrub = (error: unknown): unknown => {
    const options = (error as Partial<RequestError> | null)?.options
    const state = slot.of(options)
    void state?.exchange.close().catch(() => {})
    // The error shows the caller's options, not the key Latchkey merged in.
    if (state !== undefined && httpsFor !== undefined && options) options.https = state.https
    scrubResponse((error as Partial<RequestError> | null)?.response)
    redactPrivateOptions(options, auth)
    // Latchkey's own errors surface as themselves, as they do through every adapter.
    if (isAuthError(error)) return auth.redact(error)
    const cause: unknown = (error as { cause?: unknown } | null)?.cause
    return auth.redact(isAuthError(cause) ? cause : error)
  }

  const beforeError: BeforeErrorHook = (error) => scrub(error) as typeof error

  /**
   * Runs before the caller's beforeRetry hooks: the options got retries with go back to
   * the caller's (the next beforeRequest applies fresh credentials), then the error is
   * scrubbed, so what those hooks see and log carries no secret.
   */
  const beforeRetry: BeforeRetryHook = (error) => {
    const state = slot.of(error.options)
    const applied = state?.applied
    if (state !== undefined && applied !== undefined) {
      apply(error.options, state.exchange, applied.sent, applied.hop)
    }
    scrubResponse(error.response)
    auth.redact(error)
  }

  /** got's response is a live stream, never walked: its URL fields are scrubbed one by one. */
  const scrubResponse = (response: Partial<PlainResponse> | undefined): void => {
    if (response === undefined) return
    const { url, requestUrl, redirectUrls } = auth.redact({
      url: response.url,
      requestUrl: response.requestUrl && new URL(response.requestUrl),
      redirectUrls: response.redirectUrls?.map((entry) => new URL(entry)),
    })
    Object.assign(response, { url, requestUrl, redirectUrls })
  }

  const handler: HandlerFunction = (options, next) => {
    const result = next(options)
    if (options.isStream) {
      ;(result as unknown as NodeJS.EventEmitter).prependListener('error', (error: unknown) => {
        scrub(error)
      })
      return result
    }
    // got copies its promise's methods (json(), cancel()) onto the promise a handler returns.
    return (result as Promise<unknown>).catch((error: unknown) => {
      throw scrub(error)
    }) as typeof result
  }

  return { beforeRequest, beforeRedirect, afterResponse, beforeError, beforeRetry, handler }
}

/**
 * Wraps this request's `followRedirect` so a redirect to a non-http(s) target fails with
 * `UNSAFE_REDIRECT` before got acts on it (got would throw its own, vaguer error).
 */
function guardRedirects(options: Options): void {
  const current = options.followRedirect as ((response: PlainResponse) => boolean) | boolean
  if (typeof current === 'function' && checked in current) return
  const guarded = (response: PlainResponse): boolean => {
    const follow = typeof current === 'function' ? current(response) : current
    const location = response.headers.location
    if (follow && location !== undefined) resolveRedirect(new URL(response.url), location)
    return follow
  }
  options.followRedirect = Object.assign(guarded, { [checked]: true })
}

/**
 * Wraps this request's `retry.calculateDelay` so a Latchkey `AuthError` (got wraps it in a
 * RequestError, as its `cause`) is never retried: it is final, and a `calculateDelay` of the
 * caller's that ignores got's `computedValue` would otherwise send it again.
 */
function guardRetries(options: Options): void {
  const current = options.retry.calculateDelay ?? (({ computedValue }) => computedValue)
  if (declines in current) return
  const guarded: typeof current = (retry) =>
    isAuthError(retry.error) || isAuthError(retry.error.cause) ? 0 : current(retry)
  options.retry.calculateDelay = Object.assign(guarded, { [declines]: true })
}

async function toAuthRequest(options: Options): Promise<AuthRequest> {
  return {
    method: options.method.toUpperCase(),
    url: new URL(options.url as URL),
    headers: toHeaders(options.headers),
    body: await normalizeBody(options),
  }
}

/**
 * Turns got's options, which describe `from`, into `to`: the headers the exchange changed,
 * and the query if it moved.
 */
function apply(options: Options, exchange: Exchange, from: AuthRequest, to: AuthRequest): void {
  for (const [name, value] of exchange.changedHeaders(from, to)) {
    if (value === null) delete options.headers[name]
    else options.headers[name] = value
  }
  if (to.url.href !== from.url.href) options.url = to.url
}

function toHeaders(source: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  return headers
}
