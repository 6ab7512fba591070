import { AuthError } from '../errors/auth-error.js'
import { INVALID_TOKEN_RESPONSE, TOKEN_ENDPOINT_ERROR } from '../errors/codes.js'
import { boundedResponse } from '../flow/bounded-response.js'
import type { FlowContext } from '../flow/types.js'
import { observeTokenEndpoint } from '../observe/token-observer.js'
import { assertSecureTransport } from '../policy/transport.js'
import { base64Utf8 } from '../util/base64.js'
import { oauthErrorCode } from './oauth-error.js'
import { parseTokenResponse, type TokenType } from './response.js'
import { registerRequestSecrets } from './secret-fields.js'
import type { TokenGrant } from './token.js'

/**
 * How a client authenticates to the token endpoint, by its RFC 7591
 * `token_endpoint_auth_method` name: the secret form-encoded into Basic
 * (`client_secret_basic`, RFC 6749 section 2.3.1), the secret in the body
 * (`client_secret_post`), a signed assertion (`private_key_jwt`, RFC 7523; `@latchkey/oidc`),
 * or none (a public client, its id in the body).
 */
export type ClientAuthMethod =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'private_key_jwt'
  | 'none'

/** The methods a shared secret (or nothing) covers: what {@link requestToken} sends itself. */
export type SecretClientAuthMethod = Exclude<ClientAuthMethod, 'private_key_jwt'>

/** The OAuth client a token request authenticates as. */
export interface TokenClient {
  /** The `client_id`. */
  readonly clientId: string
  /** The `client_secret`; absent for a public client (`none`). */
  readonly clientSecret?: string | undefined
  /** How the client authenticates to the endpoint. */
  readonly method: SecretClientAuthMethod
}

/** One grant to POST with {@link requestToken}. */
export interface TokenRequest {
  /** The strategy's `name`, for error messages and events. */
  readonly strategy: string
  /** The token endpoint; must be https unless loopback or `allowInsecureHttp`. */
  readonly endpoint: URL
  /** Who asks. */
  readonly client: TokenClient
  /** Form parameters (`grant_type`, `scope`, ...); undefined ones are left out. */
  readonly params: Readonly<Record<string, string | undefined>>
  /** The `token_type` values accepted in the answer; default: `Bearer` only. */
  readonly tokenTypes?: readonly TokenType[]
  /** The flow context: its transport sends the request and its secret registry scrubs errors. */
  readonly ctx: FlowContext
  /** Aborts the request. */
  readonly signal: AbortSignal
}

/**
 * POSTs a grant to a token endpoint through the raw transport (never the intercepted
 * client), without following redirects, and validates the answer. Secrets sent here are
 * registered with the context so they are scrubbed from anything thrown.
 *
 * @throws `AuthError` `INSECURE_TRANSPORT` for a plain-http endpoint,
 *   `TOKEN_ENDPOINT_ERROR` when it is unreachable or answers an error (with `status` and
 *   `oauthError`), `RESPONSE_TOO_LARGE`, `INVALID_TOKEN_RESPONSE` for an unusable answer.
 *   An abort rejects with the signal's reason.
 */
export async function requestToken(request: TokenRequest): Promise<TokenGrant> {
  const { strategy, endpoint, client, ctx, signal } = request
  assertSecureTransport(endpoint, ctx.policy.allowInsecureHttp, strategy)
  const form = new URLSearchParams()
  for (const [name, value] of Object.entries(request.params))
    if (value !== undefined) form.set(name, value)
  const headers = new Headers({
    'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
    accept: 'application/json',
  })
  // The raw secret too: a server may echo it decoded, out of the Basic header.
  if (client.clientSecret !== undefined) ctx.secret(client.clientSecret)
  if (client.method === 'client_secret_basic') {
    const credentials = `${formEncode(client.clientId)}:${formEncode(client.clientSecret ?? '')}`
    headers.set('authorization', `Basic ${base64Utf8(credentials)}`)
  } else {
    form.set('client_id', client.clientId)
    if (client.method === 'client_secret_post' && client.clientSecret !== undefined)
      form.set('client_secret', client.clientSecret)
  }
  registerRequestSecrets((value) => ctx.secret(value), headers, form)

  let response: Response
  const observed = observeTokenEndpoint(strategy, endpoint, request.params.grant_type, signal)
  try {
    response = await ctx.transport(
      new Request(endpoint, { method: 'POST', headers, body: form, redirect: 'manual', signal }),
    )
    observed?.(response.status)
  } catch (error) {
    observed?.(null, error)
    if (signal.aborted) throw signal.reason ?? error
    throw new AuthError(
      TOKEN_ENDPOINT_ERROR,
      `${strategy}: token endpoint ${endpoint.origin} unreachable`,
      {
        cause: error,
      },
    )
  }
  const text = await boundedResponse(
    response,
    ctx.policy.maxResponseBytes,
    `${strategy}: token endpoint ${endpoint.origin}`,
  ).text()
  const body = parseJson(text)
  if (!response.ok) {
    const code = (body as { error?: unknown } | undefined)?.error
    const oauthError = oauthErrorCode(code, ctx.containsSecret)
    throw new AuthError(
      TOKEN_ENDPOINT_ERROR,
      `${strategy}: token endpoint answered ${response.status}${oauthError ? ` (${oauthError})` : ''}`,
      {
        status: response.status,
        ...(oauthError !== undefined && { oauthError }),
        response: { status: response.status, headers: response.headers },
      },
    )
  }
  // Status is kept on these errors: it tells the engine the server answered (and may
  // already have rotated the refresh token it was sent).
  if (body === undefined) {
    throw new AuthError(INVALID_TOKEN_RESPONSE, `${strategy}: the token response is not JSON`, {
      status: response.status,
    })
  }
  try {
    return parseTokenResponse(body, request.tokenTypes)
  } catch (error) {
    throw new AuthError(INVALID_TOKEN_RESPONSE, `${strategy}: ${(error as Error).message}`, {
      status: response.status,
    })
  }
}

/** application/x-www-form-urlencoded, as RFC 6749 section 2.3.1 requires before Basic. */
export function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
