import { AuthError } from '../errors/auth-error.js'
import { UNSUPPORTED } from '../errors/codes.js'
import type { AuthRequest, SecretPlacement } from '../flow/types.js'

/**
 * Whether this runtime is a browser, a page or a worker: there fetch and XMLHttpRequest
 * either follow a redirect themselves or hide where it points (an opaque redirect).
 * Node.js, Deno, Bun and edge runtimes show a manual redirect's `Location`.
 */
export function isBrowser(): boolean {
  return pageOrigin() !== undefined
}

/** The origin of the page or worker running this, in a browser. */
function pageOrigin(): string | undefined {
  const scope = globalThis as {
    document?: unknown
    importScripts?: unknown
    location?: { origin?: string }
  }
  const browser = typeof scope.document === 'object' || typeof scope.importScripts === 'function'
  return browser ? (scope.location?.origin ?? 'null') : undefined
}

/**
 * Why a 401 carries no readable challenge, when CORS is the likely reason: in a browser,
 * a response from another origin shows only the headers its server lists in
 * `Access-Control-Expose-Headers`. `undefined` when the challenge is readable, or CORS
 * cannot be the reason.
 */
export function hiddenChallenge(url: URL, status: number, headers: Headers): string | undefined {
  if (status !== 401 || headers.has('www-authenticate')) return undefined
  const page = pageOrigin()
  if (page === undefined || page === url.origin) return undefined
  return `${url.origin} answered 401 without a WWW-Authenticate header this page can read: if it sends a challenge, it must also send Access-Control-Expose-Headers: WWW-Authenticate (a page on another origin sees no other header)`
}

/**
 * The secrets on `request` a browser would take along a redirect it follows itself: every
 * declared header but `Authorization` (which a browser drops on the way to another origin,
 * per the Fetch standard), and every declared query parameter (which it would not put on the
 * next hop, as Latchkey does on the same origin). Empty: the browser may follow.
 */
export function keptByBrowserRedirects(secrets: SecretPlacement, request: AuthRequest): string[] {
  const headers = secrets.headers.filter(
    (name) => name.toLowerCase() !== 'authorization' && request.headers.has(name),
  )
  const query = secrets.query.filter((name) => request.url.searchParams.has(name))
  return [...headers, ...query.map((name) => `?${name}`)]
}

/**
 * Whether a request with credentials a browser would carry along (`kept`) may still be
 * left to the browser to follow: it goes to the page's own origin and carries only
 * headers, so it can be sent with `mode: 'same-origin'`, in which the browser follows
 * redirects on that origin (headers kept) and refuses one to any other origin before
 * sending anything there (Fetch standard, main fetch). Query secrets are not: the browser
 * would not put them on the next hop.
 */
export function followsOnPageOrigin(kept: readonly string[], url: URL): boolean {
  return (
    kept.length > 0 && !kept.some((name) => name.startsWith('?')) && pageOrigin() === url.origin
  )
}

/**
 * The error for a redirect a browser would not let Latchkey see: raised before anything
 * went to its target, which may be another origin.
 */
export function hiddenRedirect(request: AuthRequest, secrets: readonly string[]): AuthError {
  const what = secrets.length > 0 ? secrets.join(', ') : 'its credentials'
  return new AuthError(
    UNSUPPORTED,
    `${request.url.origin} redirected, and a browser hides where to: ${what} could reach another origin, so the redirect was not followed. Send the credential in Authorization (which a browser drops on a redirect to another origin) to have redirects followed, or request the final URL.`,
  )
}
