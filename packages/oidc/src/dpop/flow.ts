import type { StoredToken } from '@latchkey/core'
import { findChallenges } from '@latchkey/core'
import {
  type AuthFlow,
  type AuthRequest,
  type AuthResponse,
  type FlowContext,
  type RefreshRule,
  rejectsToken,
  type TokenEngine,
} from '@latchkey/core/strategy'
import type { DPoPProver } from './prover.js'

/**
 * The flow of a DPoP strategy. Like every token flow it sends the current token and,
 * when the server refuses it, one replacement; in addition each request gets its own
 * proof, every response's `DPoP-Nonce` is remembered for its origin, and a
 * `use_dpop_nonce` challenge is answered once per token with a proof carrying the new
 * nonce. The proof is made per hop (the exchange runs the flow again after a redirect),
 * so its `htm` and `htu` always match the request it travels on.
 */
export function dpopFlow(
  engine: TokenEngine,
  prover: DPoPProver,
  refresh: RefreshRule = async (response) => rejectsToken(response),
) {
  async function* present(
    request: AuthRequest,
    token: StoredToken,
  ): AsyncGenerator<AuthRequest, { response: AuthResponse; sent: AuthRequest }, AuthResponse> {
    let sent = await prover.present(request, token)
    let response = yield sent
    prover.observe(request.url, response.headers)
    if (asksForNonce(response)) {
      sent = await prover.present(request, token)
      response = yield sent
      prover.observe(request.url, response.headers)
    }
    return { response, sent }
  }

  return async function* flow(request: AuthRequest, ctx: FlowContext): AuthFlow {
    const token = await engine.current(ctx)
    const { response, sent } = yield* present(request, token)
    if (!(await refresh(response, sent))) return
    yield* present(request, await engine.renew(token, ctx))
  }
}

/**
 * A resource server's request for a fresh nonce (RFC 9449 section 9): 401, a `DPoP`
 * challenge with `error="use_dpop_nonce"`, and the nonce to use. Without a nonce to
 * retry with, the response goes to the caller.
 */
export function asksForNonce(response: AuthResponse): boolean {
  if (response.status !== 401 || !response.headers.has('dpop-nonce')) return false
  return findChallenges(response.headers, 'DPoP').some(
    (challenge) => challenge.params.get('error') === 'use_dpop_nonce',
  )
}
