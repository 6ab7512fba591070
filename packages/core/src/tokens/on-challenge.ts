import { AuthError } from '../errors/auth-error.js'
import { UNSUPPORTED } from '../errors/codes.js'
import { callSupplied, credentialUnavailable } from '../errors/credential-unavailable.js'
import { invalidConfig } from '../errors/invalid-config.js'
import type { AuthRequest, AuthResponse } from '../flow/types.js'
import { rejectsToken } from './challenge.js'

/** What a token strategy does with an error response: get a new token and resend once, or not. */
export type ChallengeVerdict = 'refresh' | 'ignore'

/** What `onChallenge` sees besides the response. */
export interface ChallengeContext {
  /** The request as it was sent (its token included), for deciding by URL or method. */
  readonly request: AuthRequest
  /** What the default rule says: a 401 refusing the token (RFC 6750 `invalid_token`, or bare). */
  readonly rejectsToken: boolean
  /**
   * The response body as text, for APIs that say "expired" in a JSON field. Read at most
   * once and never past {@link CHALLENGE_BODY_LIMIT} bytes (`RESPONSE_TOO_LARGE`); the
   * caller still receives the whole body. Fails with `UNSUPPORTED` where the client does
   * not let Latchkey see the body without taking it (axios's `responseType: 'stream'`).
   */
  text(): Promise<string>
}

/** How much of an error response's body `onChallenge` may read: error bodies are small. */
export const CHALLENGE_BODY_LIMIT = 64 * 1024

/**
 * Decides, for a response of status 400 or more to a request that carried a token,
 * whether a new token may help: `'refresh'` gets one (one refresh shared by everyone, or
 * the newer token another request already got) and resends once; `'ignore'` hands the
 * response to the caller; nothing (`undefined`) keeps the default rule. Sync or async.
 *
 * @example
 * ```ts
 * // An API that says "token revoked" with a 403 and a header of its own.
 * onChallenge: (response) => (response.status === 403 && response.headers.has('x-token-revoked') ? 'refresh' : undefined)
 *
 * // An API that answers 400 {"error": "token_expired"} for an expired token.
 * onChallenge: async (response, { text }) =>
 *   response.status === 400 && JSON.parse(await text()).error === 'token_expired' ? 'refresh' : undefined
 * ```
 */
export type OnChallenge = (
  response: AuthResponse,
  ctx: ChallengeContext,
) => ChallengeVerdict | undefined | Promise<ChallengeVerdict | undefined>

/** Whether to renew the token after `response`: the strategy's compiled refresh rule. */
export type RefreshRule = (response: AuthResponse, request: AuthRequest) => Promise<boolean>

/**
 * The refresh rule of a token strategy: the default (`rejectsToken`), or the user's
 * `onChallenge` consulted first. An `onChallenge` that throws or answers something else
 * fails the request with `CREDENTIAL_UNAVAILABLE`.
 */
export function refreshRule(strategy: string, onChallenge: OnChallenge | undefined): RefreshRule {
  if (onChallenge === undefined) return async (response) => rejectsToken(response)
  if (typeof onChallenge !== 'function')
    throw invalidConfig(strategy, 'onChallenge must be a function')
  return async (response, request) => {
    const rejected = rejectsToken(response)
    if (response.status < 400) return rejected
    const verdict: unknown = await callSupplied(strategy, 'onChallenge', () =>
      onChallenge(response, { request, rejectsToken: rejected, text: bodyText(response) }),
    )
    if (verdict === undefined) return rejected
    if (verdict === 'refresh' || verdict === 'ignore') return verdict === 'refresh'
    throw credentialUnavailable(strategy, 'onChallenge must return "refresh", "ignore" or nothing')
  }
}

/** The body reader `onChallenge` gets: one read, shared by every call. */
function bodyText(response: AuthResponse): () => Promise<string> {
  let read: Promise<string> | undefined
  return () => {
    read ??=
      response.peekText?.(CHALLENGE_BODY_LIMIT) ??
      Promise.reject(
        new AuthError(UNSUPPORTED, 'this client does not show Latchkey the response body'),
      )
    return read
  }
}
