import type { AuthOptions, AuthStrategy } from '@latchkey/core'
import {
  Authenticator,
  type AuthRequest,
  agentProxy,
  followsOnPageOrigin,
  hiddenRedirect,
  isBrowser,
  keptByBrowserRedirects,
  peekResponseText,
  type Transmitter,
} from '@latchkey/core/adapter'
import { certificateDispatchers } from '#tls'
import { type NormalizedBody, normalizeBody, requestBody } from './body.js'
import { explainClosedHandshake } from './handshake.js'

/** Anything shaped like the global `fetch`. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** Fetch's own limit. */
const MAX_REDIRECTS = 20
/** Bodies of responses nobody reads (a retried 401, a redirect) are drained up to this size, for keep-alive. */
const DRAIN_LIMIT = 64 * 1024

/** Request options that travel with a `Request` object and must survive every hop. */
const requestFields = [
  'cache',
  'credentials',
  'integrity',
  'keepalive',
  'mode',
  'referrer',
  'referrerPolicy',
] as const

/**
 * Wraps a fetch function so every request it sends is authenticated by `strategy`.
 *
 * Redirects are followed here, under Latchkey's policy (no credential leaves its origin),
 * unless the request says `redirect: 'manual'` or `'error'`. Opt a request out with
 * `{ latchkey: false }`. In a browser, which hides where a manual redirect points, a
 * request whose only credential is `Authorization` is left to the browser to follow (it
 * drops `Authorization` on the way to another origin); one carrying any other credential
 * (an API key header or query parameter) fails with `UNSUPPORTED` when redirected, before
 * anything reaches the target, unless it goes to the page's own origin and carries only
 * headers: then it is sent with `mode: 'same-origin'`, and the browser follows redirects
 * on that origin and refuses (a network error) one to any other before sending to it.
 *
 * With `mtls()`, in Node.js, hops that present the certificate go through an undici
 * `Agent` built with it (the `undici` package must be installed), in place of the
 * request's own `dispatcher`: a dispatcher cannot be given a certificate after it is
 * built, so put the CA to trust in the material's `ca`. Other hops keep the request's
 * dispatcher. Elsewhere (a browser), `withAuth` throws `UNSUPPORTED`.
 *
 * @example
 * ```ts
 * const api = withAuth(fetch, bearer(process.env.TOKEN))
 * const response = await api('https://api.example.com/me')
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` when `strategy` is not a strategy or `options` are
 *   malformed; `UNSUPPORTED` for `mtls()` where no client certificate can be presented (a
 *   browser).
 */
export function withAuth<F extends FetchLike>(
  fetch: F,
  strategy: AuthStrategy,
  options?: AuthOptions,
): F {
  return authenticateFetch(fetch, new Authenticator(strategy, options))
}

/**
 * The same as {@link withAuth}, with an `Authenticator` you hold on to: adapters built on
 * fetch (ky) use it to redact their own errors with the same secrets.
 */
export function authenticateFetch<F extends FetchLike>(fetch: F, auth: Authenticator): F {
  if (typeof fetch !== 'function') throw new TypeError('withAuth: expected a fetch function')
  const dispatcherFor = certificateDispatchers(auth.strategy)
  const browser = isBrowser()

  const authenticatedFetch: FetchLike = async (input, init = {}) => {
    const source = input instanceof Request ? input : undefined
    const { latchkey, ...rest } = init
    const redirect = init.redirect ?? source?.redirect ?? 'follow'
    const signal = init.signal ?? source?.signal ?? undefined
    const dispatcher = (rest as { dispatcher?: unknown }).dispatcher ?? globalDispatcher()
    const request = toAuthRequest(input, init, source)
    /** The hop being sent: a refused TLS handshake or a hidden redirect names it. */
    let sending: AuthRequest | undefined
    /** What the hop being sent carries that a browser would take along a redirect. */
    let kept: string[] = []
    const transmitter: Transmitter<Response> = {
      followRedirects: redirect === 'follow',
      maxRedirects: MAX_REDIRECTS,
      send: async (sent) => {
        sending = sent
        kept = browser ? keptByBrowserRedirects(auth.strategy.secrets, sent) : []
        const onPageOrigin = redirect === 'follow' && followsOnPageOrigin(kept, sent.url)
        const hop: RequestInit = {
          ...rest,
          method: sent.method,
          headers: sent.headers,
          body: (sent.body?.source as BodyInit | undefined) ?? null,
          redirect: hopRedirect(redirect, browser && (kept.length === 0 || onPageOrigin)),
          ...(onPageOrigin && { mode: 'same-origin' }),
          ...(signal && { signal }),
          ...(sent.body && !sent.body.replayable && { duplex: 'half' }),
          ...(sent.tls && dispatcherFor && { dispatcher: await dispatcherFor(sent.tls) }),
        } as RequestInit
        // A bodiless Request going where it was meant to (ky's GETs) is sent as itself with
        // the new headers; fetch copies its other fields, cheaper than rebuilding them.
        const unchanged =
          source !== undefined &&
          source.body === null &&
          sent.method === source.method &&
          sent.url.href === source.url
        return unchanged ? fetch(source, hop) : fetch(sent.url, { ...fieldsOf(source), ...hop })
      },
      view: (response) => {
        // A browser hides the target of a manual redirect: following it is impossible, and
        // letting the browser follow would take these credentials along.
        if (response.type === 'opaqueredirect' && sending) throw hiddenRedirect(sending, kept)
        return {
          status: response.status,
          headers: response.headers,
          peekText: (limit) => peekResponseText(response, limit),
        }
      },
      discard,
      explain: (error) => explainClosedHandshake(error, sending?.url),
    }
    return auth.send(request, transmitter, {
      signal,
      skip: latchkey === false,
      proxyFor: (url) => agentProxy(dispatcher, url),
    })
  }
  return authenticatedFetch as F
}

async function toAuthRequest(
  input: string | URL | Request,
  init: RequestInit,
  source: Request | undefined,
): Promise<AuthRequest> {
  const headers = new Headers(init.headers ?? source?.headers)
  const normalized: NormalizedBody =
    init.body !== undefined
      ? await normalizeBody(init.body)
      : source
        ? await requestBody(source)
        : { body: null }
  if (normalized.contentType !== undefined && !headers.has('content-type')) {
    headers.set('content-type', normalized.contentType)
  }
  return {
    method: (init.method ?? source?.method ?? 'GET').toUpperCase(),
    // Relative URLs resolve against the page, as fetch does in a browser.
    url: new URL(
      source?.url ?? input.toString(),
      (globalThis as { location?: { href: string } }).location?.href,
    ),
    headers,
    body: normalized.body,
  }
}

/** undici's process-wide dispatcher (`setGlobalDispatcher`), which Node's fetch uses by default. */
function globalDispatcher(): unknown {
  return (globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')]
}

function fieldsOf(request: Request | undefined): RequestInit {
  if (request === undefined) return {}
  const fields: Record<string, unknown> = {}
  for (const field of requestFields) fields[field] = request[field]
  return fields as RequestInit
}

function discard(response: Response): void {
  const length = Number(response.headers.get('content-length') ?? Number.NaN)
  const body = response.body
  if (body === null) return
  if (length <= DRAIN_LIMIT) void response.arrayBuffer().catch(() => {})
  else void body.cancel().catch(() => {})
}

/**
 * How one hop is sent. Latchkey follows redirects itself (`manual`), except in a browser
 * for a hop whose only credential is `Authorization` (or none): a browser hides a manual
 * redirect's target, but follows one itself dropping `Authorization` on the way to another
 * origin, so it may follow.
 */
function hopRedirect(redirect: RequestRedirect, browserMayFollow: boolean): RequestRedirect {
  if (redirect !== 'follow') return redirect
  return browserMayFollow ? 'follow' : 'manual'
}
