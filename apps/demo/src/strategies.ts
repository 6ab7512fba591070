import type { Hop, Kit } from '@latchkey/conformance/kit'
import { type AuthStrategy, apiKey, basic, bearer, chain, none, route } from '@latchkey/core'

/** A strategy to show, and how to tell from a received hop that its credentials arrived. */
export interface DemoStrategy {
  readonly name: string
  build(kit: Kit): AuthStrategy | Promise<AuthStrategy>
  carries(hop: Hop): boolean
  /** Where its requests go on the kit's first origin. Default `/echo`, which answers anything. */
  readonly target?: string
}

const token = 'demo-token-4a7f'
const key = 'demo-key-91c2'
const basicHeader = `Basic ${Buffer.from('demo:pässword', 'utf8').toString('base64')}`

export const strategies: readonly DemoStrategy[] = [
  { name: 'none()', build: () => none(), carries: (hop) => isClean(hop) },
  {
    name: 'basic()',
    build: () => basic({ username: 'demo', password: 'pässword' }),
    carries: (hop) => hop.headers.authorization === basicHeader,
  },
  {
    name: 'bearer(token)',
    build: () => bearer(token),
    carries: (hop) => hop.headers.authorization === `Bearer ${token}`,
  },
  {
    name: 'bearer(async fn)',
    build: () => bearer(async () => token),
    carries: (hop) => hop.headers.authorization === `Bearer ${token}`,
  },
  {
    name: 'apiKey(header)',
    build: () => apiKey({ header: 'X-API-Key', value: key }),
    carries: (hop) => hop.headers['x-api-key'] === key,
  },
  {
    name: 'apiKey(query)',
    build: () => apiKey({ query: 'api_key', value: key }),
    carries: (hop) => hop.query.get('api_key') === key,
  },
  {
    name: 'chain(apiKey, bearer)',
    build: () => chain(apiKey({ header: 'X-API-Key', value: key }), bearer(token)),
    carries: (hop) =>
      hop.headers['x-api-key'] === key && hop.headers.authorization === `Bearer ${token}`,
  },
  {
    name: 'route({a: bearer, b: apiKey})',
    build: (kit) =>
      route({
        [kit.http]: bearer(token),
        [kit.other]: apiKey({ header: 'X-API-Key', value: key }),
      }),
    carries: (hop) =>
      hop.headers.authorization === `Bearer ${token}` && hop.headers['x-api-key'] === undefined,
  },
]

/** No credential of any kind on the hop. */
export function isClean(hop: Hop): boolean {
  const text = JSON.stringify([hop.headers, hop.query.toString()])
  return (
    !('authorization' in hop.headers) &&
    !('dpop' in hop.headers) &&
    !text.includes(token) &&
    !text.includes(key)
  )
}
