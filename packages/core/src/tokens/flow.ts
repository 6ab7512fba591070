import type { AuthFlow, AuthRequest, FlowContext } from '../flow/types.js'
import { rejectsToken } from './challenge.js'
import type { TokenEngine } from './engine.js'
import type { Placer } from './placement.js'

/**
 * The flow of every token strategy: send the current token; if the server refuses it,
 * get a replacement (one refresh shared by everyone, or the newer token another request
 * already fetched) and resend once. A second refusal goes to the caller: never a loop.
 */
export function tokenFlow(engine: TokenEngine, placer: Placer) {
  return async function* flow(request: AuthRequest, ctx: FlowContext): AuthFlow {
    const token = await engine.current(ctx)
    const response = yield placer.apply(request, token)
    if (!rejectsToken(response)) return
    const replacement = await engine.renew(token, ctx)
    yield placer.apply(request, replacement)
  }
}
