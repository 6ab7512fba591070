import type { Hop, Kit } from '@latchkey/conformance/kit'
import {
  type AuthStrategy,
  apiKey,
  basic,
  bearer,
  type ClientCertificate,
  chain,
  mtls,
  none,
  route,
} from '@latchkey/core'

/** Where a strategy's scenarios send requests: its home origin, and another one. */
export interface Origins {
  readonly home: string
  readonly away: string
}

/** A strategy to show, and how to tell from a received hop that its credentials arrived. */
export interface DemoStrategy {
  readonly name: string
  build(kit: Kit): AuthStrategy
  carries(hop: Hop): boolean
  /** Default: plain http on 127.0.0.1, and another port. */
  origins?(kit: Kit): Origins
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
  {
    name: 'mtls(cert, key)',
    build: (kit) => mtls(certificate(kit)),
    carries: (hop) => hop.clientCertificate === clientName,
    origins: mtlsOrigins,
  },
  {
    name: 'chain(mtls, bearer)',
    build: (kit) => chain(mtls(certificate(kit)), bearer(token)),
    carries: (hop) =>
      hop.clientCertificate === clientName && hop.headers.authorization === `Bearer ${token}`,
    origins: mtlsOrigins,
  },
]

const clientName = 'demo-client'

function certificate(kit: Kit): ClientCertificate {
  const { cert, key } = kit.issueClient(clientName)
  return { cert, key, ca: kit.ca }
}

/**
 * The origin that asks for a client certificate and records the one it gets (it accepts
 * none, so the opt-out and stripped hops can be seen arriving without one), and the same
 * server under another name, which is another origin.
 */
function mtlsOrigins(kit: Kit): Origins {
  return { home: kit.mtlsOptional, away: kit.mtlsOptional.replace('127.0.0.1', 'localhost') }
}

/** No credential of any kind on the hop, client certificate included. */
export function isClean(hop: Hop): boolean {
  const text = JSON.stringify([hop.headers, hop.query.toString()])
  return (
    !('authorization' in hop.headers) &&
    !text.includes(token) &&
    !text.includes(key) &&
    hop.clientCertificate === undefined
  )
}
