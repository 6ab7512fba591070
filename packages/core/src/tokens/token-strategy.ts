import { defineStrategy } from '../flow/define-strategy.js'
import type { AuthStrategy } from '../flow/types.js'
import { TokenEngine, type TokenSource } from './engine.js'
import { tokenFlow } from './flow.js'
import type { ResolvedTokenOptions } from './options.js'
import type { Placer } from './placement.js'

/** Assembles a token strategy: one engine (cache, single-flight, refresh) and one flow. */
export function tokenStrategy(
  name: string,
  source: TokenSource,
  placer: Placer,
  options: ResolvedTokenOptions,
): AuthStrategy {
  const engine = new TokenEngine({ strategy: name, source, ...options })
  return defineStrategy({ name, secrets: placer.secrets, flow: tokenFlow(engine, placer) })
}
