import { invalidConfig } from '../errors/invalid-config.js'
import { defineStrategy } from '../flow/define-strategy.js'
import { applyFixed, fixedOf, markFixed } from '../flow/fixed.js'
import { isStrategy } from '../flow/is-strategy.js'
import { runFlow } from '../flow/run.js'
import type { AuthFlow, AuthRequest, AuthStrategy, FlowContext } from '../flow/types.js'
import { unionOfSecrets } from './secrets-of.js'

/**
 * Applies several strategies to every request, in order: an API key plus a bearer token,
 * a client certificate plus a token.
 *
 * On a response, the last strategy is asked first whether it wants a retry (a token
 * refresh, a challenge); the strategies after the one that retries are re-applied to
 * the resent request, so every credential on it is current.
 *
 * @example
 * ```ts
 * chain(apiKey({ header: 'X-API-Key', value: key }), bearer(token))
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` when given no strategy, or something that is not
 *   one.
 */
export function chain(...strategies: AuthStrategy[]): AuthStrategy {
  if (strategies.length === 0) throw invalidConfig('chain', 'needs at least one strategy')
  if (!strategies.every(isStrategy))
    throw invalidConfig('chain', 'every argument must be a strategy')
  const parts = Object.freeze([...strategies])
  const strategy = defineStrategy({
    name: `chain(${parts.map((part) => part.name).join(', ')})`,
    secrets: unionOfSecrets(parts),
    children: parts,
    flow: (request: AuthRequest, ctx: FlowContext) => chainFlow(parts, request, ctx),
  })
  // Fixed parts only: the chain's headers are theirs, in order, each part deciding for itself.
  const fixed = parts.map(fixedOf)
  if (fixed.some((part) => part === undefined)) return strategy
  return markFixed(strategy, { parts: fixed.flatMap((part) => part?.parts ?? []) })
}

async function* chainFlow(
  parts: readonly AuthStrategy[],
  request: AuthRequest,
  ctx: FlowContext,
): AuthFlow {
  const flows: (AuthFlow | undefined)[] = parts.map(() => undefined)
  const applyFrom = async (start: number, initial: AuthRequest): Promise<AuthRequest> => {
    let current = initial
    for (let index = start; index < parts.length; index++) {
      await flows[index]?.return(undefined)
      const part = parts[index] as AuthStrategy
      // A fixed part never retries: applied in place, it needs no flow of its own.
      const fixed = fixedOf(part)
      if (fixed !== undefined) {
        flows[index] = undefined
        current = applyFixed(fixed, current, ctx).request
        continue
      }
      const flow = runFlow(part, current, ctx)
      const step = await flow.next()
      flows[index] = step.done ? undefined : flow
      if (!step.done) current = step.value
    }
    return current
  }
  try {
    let current = await applyFrom(0, request)
    for (;;) {
      const response = yield current
      let retry: { index: number; request: AuthRequest } | undefined
      for (let index = parts.length - 1; index >= 0 && retry === undefined; index--) {
        const flow = flows[index]
        if (flow === undefined) continue
        const step = await flow.next(response)
        if (step.done) flows[index] = undefined
        else retry = { index, request: step.value }
      }
      if (retry === undefined) return
      current = await applyFrom(retry.index + 1, retry.request)
    }
  } finally {
    await Promise.all(flows.map((flow) => flow?.return(undefined)))
  }
}
