import { defineStrategy } from '../flow/define-strategy.js'
import type { AuthStrategy } from '../flow/types.js'

/** Sends requests as they are. Useful as a `route()` fallback and for explicit "no auth". */
export function none(): AuthStrategy {
  return defineStrategy({
    name: 'none',
    secrets: { headers: [], query: [] },
    async *flow(request) {
      yield request
    },
  })
}
