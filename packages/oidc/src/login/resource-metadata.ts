import { AuthError, DISCOVERY_FAILED } from '@latchkey/core'
import { assertSecureTransport, type FlowContext } from '@latchkey/core/strategy'

/** What Latchkey reads of an API's protected resource metadata (RFC 9728). */
export interface ResourceMetadata {
  /** The API's resource identifier: sent as `resource` (RFC 8707) in the token requests. */
  readonly resource: string
  /** The authorization server's issuer identifier (the first the API names). */
  readonly authorizationServer: string
}

/** Metadata documents are small; a larger answer is not one. */
const MAX_BYTES = 64 * 1024

/**
 * Reads and checks the metadata a 401's `resource_metadata` names. The document must be
 * on the API's origin (or one of `allowedOrigins`) and name a `resource` on the API's
 * origin that the API's URL falls under: an API cannot send its users' logins, or their
 * tokens, anywhere else.
 */
export async function fetchResourceMetadata(
  strategy: string,
  api: URL,
  metadataUrl: string,
  allowedOrigins: readonly string[],
  ctx: FlowContext,
): Promise<ResourceMetadata> {
  const refuse = (message: string) => new AuthError(DISCOVERY_FAILED, `${strategy}: ${message}`)
  let url: URL
  try {
    url = new URL(metadataUrl)
  } catch {
    throw refuse('the API named resource metadata that is not a URL')
  }
  if (url.origin !== api.origin && !allowedOrigins.includes(url.origin))
    throw refuse(
      `the API named resource metadata on another origin (${url.origin}); allow it with allowedMetadataOrigins`,
    )
  assertSecureTransport(url, ctx.policy.allowInsecureHttp, strategy)
  let response: Response
  try {
    response = await ctx.transport(
      new Request(url, {
        headers: { accept: 'application/json' },
        redirect: 'manual',
        ...(ctx.signal && { signal: ctx.signal }),
      }),
    )
  } catch (error) {
    throw new AuthError(DISCOVERY_FAILED, `${strategy}: ${url.origin} could not be reached`, {
      cause: error,
    })
  }
  const text = await response.text()
  if (response.status !== 200 || text.length > MAX_BYTES)
    throw refuse(`the resource metadata answered ${response.status}`)
  let document: { resource?: unknown; authorization_servers?: unknown }
  try {
    document = JSON.parse(text)
  } catch {
    throw refuse('the resource metadata is not JSON')
  }
  const { resource, authorization_servers: servers } = document ?? {}
  if (typeof resource !== 'string' || !covers(resource, api))
    throw refuse("the resource metadata names another resource than the API's")
  const [server] = Array.isArray(servers) ? servers : []
  if (typeof server !== 'string' || !/^https?:\/\//.test(server))
    throw refuse('the resource metadata names no authorization server')
  return { resource, authorizationServer: server }
}

/** The resource is on the API's origin and the API's URL is at or under its path. */
function covers(resource: string, api: URL): boolean {
  let url: URL
  try {
    url = new URL(resource)
  } catch {
    return false
  }
  if (url.origin !== api.origin || url.search || url.hash) return false
  const base = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`
  return api.pathname === url.pathname || api.pathname.startsWith(base)
}
