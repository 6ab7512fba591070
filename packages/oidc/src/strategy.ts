import type { AuthStrategy } from '@latchkey/core'
import { type TokenSource, type TokenStrategyOptions, tokenStrategy } from '@latchkey/core/strategy'
import type { OidcClient } from './client.js'
import { dpopFlow } from './dpop/flow.js'

let dpopKeys = 0

/**
 * An OIDC strategy, assembled by core's `tokenStrategy`. Bearer tokens use core's token
 * flow; DPoP tokens a flow of their own around the engine, since every request needs its
 * own proof.
 *
 * `keyParts` name the token in the store. A DPoP token is bound to this strategy's key,
 * so its default store key is unique to the strategy: pass `key` (and the same key pair)
 * to share DPoP tokens between processes.
 */
export function oidcStrategy(
  name: string,
  client: OidcClient,
  source: TokenSource,
  options: TokenStrategyOptions,
  keyParts: readonly (string | undefined)[],
): AuthStrategy {
  const dpop = client.dpop
  const parts = [
    name,
    ...keyParts.map((part) => part ?? ''),
    ...(dpop ? [`dpop#${++dpopKeys}`] : []),
  ]
  return tokenStrategy({
    name,
    source,
    options,
    defaultKey: parts.join(' '),
    ...(dpop && {
      present: (engine, refresh) => ({
        secrets: { headers: ['authorization', 'dpop'], query: [] },
        flow: dpopFlow(engine, dpop, refresh),
      }),
    }),
  })
}
