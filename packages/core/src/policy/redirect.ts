import { AuthError } from '../errors/auth-error.js'
import { BODY_NOT_REPLAYABLE, UNSAFE_REDIRECT } from '../errors/codes.js'
import type { AuthRequest, SecretPlacement } from '../flow/types.js'

const redirectStatuses = new Set([301, 302, 303, 307, 308])

/** The redirect statuses of the Fetch standard; others (300, 304, 305) are responses. */
export function isRedirectStatus(status: number): boolean {
  return redirectStatuses.has(status)
}

/**
 * Resolves a `Location` against the URL that received it. Non-http(s) targets are refused,
 * and userinfo in the target is dropped: a server must not be able to inject credentials.
 */
export function resolveRedirect(from: URL, location: string): URL {
  let to: URL
  try {
    to = new URL(location, from)
  } catch {
    throw new AuthError(UNSAFE_REDIRECT, `Redirect from ${from.origin} has an invalid Location`)
  }
  if (to.protocol !== 'http:' && to.protocol !== 'https:') {
    throw new AuthError(
      UNSAFE_REDIRECT,
      `Refusing to follow a redirect from ${from.origin} to a ${to.protocol} URL`,
    )
  }
  to.username = ''
  to.password = ''
  return to
}

/** The Fetch standard's request-body-header names: dropped when a redirect turns a request into a GET. */
export const REQUEST_BODY_HEADERS: readonly string[] = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
]

/**
 * The next hop of a redirect, per the Fetch standard: 303 (and 301/302 after POST) becomes
 * a body-less GET; 307/308 resend method and body, which needs a replayable body.
 */
export function redirectedRequest(from: AuthRequest, status: number, to: URL): AuthRequest {
  const becomesGet =
    (status === 303 && from.method !== 'GET' && from.method !== 'HEAD') ||
    ((status === 301 || status === 302) && from.method === 'POST')
  if (becomesGet) {
    const headers = new Headers(from.headers)
    for (const name of REQUEST_BODY_HEADERS) headers.delete(name)
    return { method: 'GET', url: to, headers, body: null }
  }
  if (from.body && !from.body.replayable) {
    throw new AuthError(
      BODY_NOT_REPLAYABLE,
      `Cannot follow a ${status} redirect: the request body is a one-shot stream`,
    )
  }
  return { ...from, url: to, headers: new Headers(from.headers) }
}

/** Headers no cross-origin hop may carry, whatever the strategy. */
export const ALWAYS_STRIPPED: readonly string[] = ['authorization', 'proxy-authorization', 'cookie']

/**
 * The request without any credential: declared secrets, Authorization, Proxy-Authorization,
 * Cookie, and the client certificate.
 */
export function stripCredentials(request: AuthRequest, secrets: SecretPlacement): AuthRequest {
  const headers = new Headers(request.headers)
  for (const name of ALWAYS_STRIPPED) headers.delete(name)
  for (const name of secrets.headers) headers.delete(name)
  let url = request.url
  if (secrets.query.some((name) => url.searchParams.has(name))) {
    url = new URL(url)
    for (const name of secrets.query) url.searchParams.delete(name)
  }
  return { ...withoutTls(request), url, headers }
}

/** The request without a client certificate. */
export function withoutTls(request: AuthRequest): AuthRequest {
  if (request.tls === undefined) return request
  const { tls: _tls, ...rest } = request
  return rest
}
