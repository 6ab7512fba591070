import type { AuthStrategy, TokenOptions, TokenPlacement } from '@latchkey/core'
import {
  defineStrategy,
  placer,
  resolveTokenOptions,
  TokenEngine,
  type TokenSource,
  tokenStrategy,
} from '@latchkey/core/strategy'
import type { OidcClient } from './client.js'
import { dpopFlow } from './dpop/flow.js'

let dpopKeys = 0

/**
 * Assembles an OIDC strategy on the token engine. Bearer tokens use core's token flow;
 * DPoP tokens a flow that wraps the engine, since every request needs its own proof.
 *
 * `keyParts` name the token in the store. A DPoP token is bound to this strategy's key,
 * so its default store key is unique to the strategy: pass `key` (and the same key pair)
 * to share DPoP tokens between processes.
 */
export function oidcStrategy(
  name: string,
  client: OidcClient,
  source: TokenSource,
  options: TokenOptions & { readonly apply?: TokenPlacement | undefined },
  keyParts: readonly (string | undefined)[],
): AuthStrategy {
  const dpop = client.dpop
  const parts = [
    name,
    ...keyParts.map((part) => part ?? ''),
    ...(dpop ? [`dpop#${++dpopKeys}`] : []),
  ]
  const resolved = resolveTokenOptions(name, options, parts.join(' '))
  if (dpop === undefined) return tokenStrategy(name, source, placer(name, options.apply), resolved)
  const engine = new TokenEngine({ strategy: name, source, ...resolved })
  return defineStrategy({
    name,
    secrets: { headers: ['authorization', 'dpop'], query: [] },
    flow: dpopFlow(engine, dpop),
  })
}
