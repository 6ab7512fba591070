import type { AuthFlow, AuthRequest, FlowContext } from '../flow/types.js'
import type { TokenEngine } from './engine.js'
import type { Expiring } from './kind.js'
import type { RefreshRule } from './on-challenge.js'

/**
 * The flow of every token strategy: send the current token; if the server refuses it
 * (by `refresh`, the strategy's rule: a 401 `invalid_token` unless `onChallenge` says
 * otherwise), get a replacement (one refresh shared by everyone, or the newer token
 * another request already fetched) and resend once. A second refusal goes to the
 * caller: never a loop.
 */
export function tokenFlow<C extends Expiring>(
  engine: Pick<TokenEngine<C, unknown>, 'current' | 'renew'>,
  place: (request: AuthRequest, token: C) => AuthRequest,
  refresh: RefreshRule,
) {
  return async function* flow(request: AuthRequest, ctx: FlowContext): AuthFlow {
    const token = await engine.current(ctx)
    const sent = place(request, token)
    const response = yield sent
    if (!(await refresh(response, sent))) return
    const replacement = await engine.renew(token, ctx)
    yield place(request, replacement)
  }
}
