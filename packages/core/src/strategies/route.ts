import { invalidConfig } from '../errors/invalid-config.js'
import { defineStrategy } from '../flow/define-strategy.js'
import { markSelector } from '../flow/fixed.js'
import { isStrategy } from '../flow/is-strategy.js'
import { runFlow } from '../flow/run.js'
import type { AuthStrategy } from '../flow/types.js'
import { parseOrigin } from '../policy/origin.js'
import { unionOfSecrets } from './secrets-of.js'

/**
 * Picks a strategy by the request's origin, so one client can talk to several services
 * with each its own credentials. Origins not listed use `fallback`, or get no
 * credentials at all.
 *
 * @example
 * ```ts
 * route({
 *   'https://api.example.com': bearer(apiToken),
 *   'https://files.example.com': apiKey({ header: 'X-Files-Key', value: filesKey }),
 * })
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` for a malformed table, an origin listed twice, or a
 *   value that is not a strategy.
 */
export function route(
  routes: Readonly<Record<string, AuthStrategy>>,
  fallback?: AuthStrategy,
): AuthStrategy {
  if (typeof routes !== 'object' || routes === null) {
    throw invalidConfig('route', 'expected an object mapping origins to strategies')
  }
  const table = new Map<string, AuthStrategy>()
  for (const [origin, strategy] of Object.entries(routes)) {
    if (!isStrategy(strategy))
      throw invalidConfig('route', `the value for ${origin} is not a strategy`)
    const key = parseOrigin(origin, 'route')
    if (table.has(key)) throw invalidConfig('route', `${key} is listed twice`)
    table.set(key, strategy)
  }
  if (fallback !== undefined && !isStrategy(fallback)) {
    throw invalidConfig('route', 'fallback must be a strategy')
  }
  const children = Object.freeze([...table.values(), ...(fallback ? [fallback] : [])])
  const select = (url: URL) => table.get(url.origin) ?? fallback
  const strategy = defineStrategy({
    name: 'route',
    secrets: unionOfSecrets(children),
    children,
    async *flow(request, ctx) {
      const strategy = select(request.url)
      if (strategy === undefined) {
        yield request
        return
      }
      yield* runFlow(strategy, request, ctx)
    },
  })
  // The driver picks the part itself, so a fixed one is applied without a flow.
  return markSelector(strategy, select)
}
