import type { AuthBody, AuthRequest } from './types.js'

/** What {@link createAuthRequest} builds a request from. */
export interface AuthRequestInit {
  /**
   * The method, upper-cased.
   *
   * @defaultValue `'GET'`
   */
  readonly method?: string
  /** The request URL (copied). */
  readonly url: URL | string
  /** What `new Headers()` takes: spelled so, it needs neither the DOM lib nor Node's types. */
  readonly headers?: ConstructorParameters<typeof Headers>[0]
  /** The body; default none. */
  readonly body?: AuthBody | null
}

/** Builds a neutral request. Copies headers and URL so the caller's objects are never mutated. */
export function createAuthRequest(init: AuthRequestInit): AuthRequest {
  return {
    method: (init.method ?? 'GET').toUpperCase(),
    url: new URL(init.url),
    headers: new Headers(init.headers),
    body: init.body ?? null,
  }
}

/** A copy of `request` with headers set (a `null` value removes the header). */
export function withHeaders(
  request: AuthRequest,
  changes: Readonly<Record<string, string | null>>,
): AuthRequest {
  const headers = new Headers(request.headers)
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) headers.delete(name)
    else headers.set(name, value)
  }
  return { ...request, headers }
}

/** A copy of `request` with query parameters set (a `null` value removes the parameter). */
export function withQuery(
  request: AuthRequest,
  changes: Readonly<Record<string, string | null>>,
): AuthRequest {
  const url = new URL(request.url)
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) url.searchParams.delete(name)
    else url.searchParams.set(name, value)
  }
  return { ...request, url }
}
