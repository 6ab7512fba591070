import { assertSecureTransport } from '../policy/transport.js'
import type { AuthFlow, AuthRequest, AuthStrategy, FlowContext } from './types.js'

async function* unchanged(request: AuthRequest): AuthFlow {
  yield request
}

/** True when the caller already put one of this strategy's credentials on the request. */
export function callerPlaced(request: AuthRequest, strategy: AuthStrategy): boolean {
  const { headers, query } = strategy.secrets
  return (
    headers.some((name) => request.headers.has(name)) ||
    query.some((name) => request.url.searchParams.has(name))
  )
}

/**
 * Starts `strategy` on `request` under the policy: a leaf strategy leaves alone a request
 * where the caller placed the credential explicitly, and refuses plain http to another
 * machine. Composite strategies (`chain`, `route`) delegate, so each part decides itself.
 */
export function runFlow(strategy: AuthStrategy, request: AuthRequest, ctx: FlowContext): AuthFlow {
  if (strategy.children !== undefined) return strategy.flow(request, ctx)
  const { headers, query } = strategy.secrets
  if (headers.length === 0 && query.length === 0) return strategy.flow(request, ctx)
  if (callerPlaced(request, strategy)) return unchanged(request)
  assertSecureTransport(request.url, ctx.policy.allowInsecureHttp, strategy.name, request.proxy)
  return strategy.flow(request, ctx)
}
