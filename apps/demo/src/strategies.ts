import { generateKeyPairSync } from 'node:crypto'
import { awsSigV4 } from '@latchkey/aws'
import { verifySigV4 } from '@latchkey/aws-testing/kit'
import { createDigestServer, type Hop, type Kit } from '@latchkey/conformance/kit'
import {
  type AuthStrategy,
  apiKey,
  basic,
  bearer,
  type ClientCertificate,
  chain,
  digest,
  mtls,
  none,
  oauth2,
  route,
  tokenLogin,
} from '@latchkey/core'
import { httpSignature } from '@latchkey/http-signature'
import {
  httpSignatureEndpoint,
  receivedRequest,
  verifyHttpSignature,
} from '@latchkey/http-signature-testing/verifier'

/** Where a strategy's scenarios send requests: its home origin, and another one. */
export interface Origins {
  readonly home: string
  readonly away: string
}

/** A strategy to show, and how to tell from a received hop that its credentials arrived. */
export interface DemoStrategy {
  readonly name: string
  build(kit: Kit): AuthStrategy | Promise<AuthStrategy>
  carries(hop: Hop): boolean
  /** Obtains tokens from the demo's OAuth server (so refresh scenarios apply). */
  readonly tokens?: true
  /** Where requests that must carry credentials go (default `/echo`): a route this strategy needs. */
  readonly path?: string
  /** Registers that route on the kit; called before each client is built. */
  serve?(kit: Kit): void
  /** Default: plain http on 127.0.0.1, and another port. */
  origins?(kit: Kit): Origins
}

const token = 'demo-token-4a7f'
const key = 'demo-key-91c2'
const basicHeader = `Basic ${Buffer.from('demo:pässword', 'utf8').toString('base64')}`
const aws = {
  accessKeyId: 'ASIADEMO',
  secretAccessKey: 'demo-aws-secret-7d1e',
  sessionToken: 'demo-session-token-c04b',
}
/** What an AWS service would check: the kit's verifier recomputes the signature it received. */
const awsService = {
  region: 'eu-west-1',
  service: 'execute-api',
  keys: {
    [aws.accessKeyId]: { secretAccessKey: aws.secretAccessKey, sessionToken: aws.sessionToken },
  },
}
/** A client's Ed25519 key; the embedded server knows its public half, by key id. */
const signingKey = generateKeyPairSync('ed25519')
const signedApi = {
  keys: { 'demo-client': { algorithm: 'ed25519' as const, key: signingKey.publicKey } },
  required: ['@method', '@target-uri', 'content-digest'],
}

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
    name: 'oauth2.clientCredentials()',
    tokens: true,
    build: (kit) =>
      oauth2.clientCredentials({
        tokenUrl: `${kit.http}/oauth/token`,
        clientId: 'demo',
        clientSecret: 'demo-client-secret',
      }),
    carries: (hop) => hop.headers.authorization?.startsWith('Bearer demo-access') ?? false,
  },
  {
    name: 'tokenLogin({ X-Auth-Token })',
    tokens: true,
    build: (kit) =>
      tokenLogin({
        async login({ fetch }) {
          const response = await fetch(`${kit.http}/oauth/login`, {
            method: 'POST',
            body: JSON.stringify({ username: 'demo', password: 'pässword' }),
          })
          const { token, ttl } = (await response.json()) as { token: string; ttl: number }
          return { token, expiresIn: ttl }
        },
        apply: { header: 'X-Auth-Token' },
      }),
    carries: (hop) => hop.headers['x-auth-token']?.startsWith('demo-access') ?? false,
  },
  {
    name: 'awsSigV4(provider)',
    build: () =>
      awsSigV4({
        region: awsService.region,
        service: awsService.service,
        credentials: async () => ({ ...aws, expiration: new Date(Date.now() + 60 * 60 * 1000) }),
      }),
    carries: (hop) => verifySigV4(hop, awsService).ok,
  },
  {
    name: 'httpSignature(ed25519)',
    path: '/signed',
    // The route answers 200 only to a request whose signature it verified (RFC 9421).
    serve: (kit) => kit.handle('/signed', httpSignatureEndpoint(signedApi)),
    build: () =>
      httpSignature({
        keyId: 'demo-client',
        key: signingKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        algorithm: 'ed25519',
      }),
    carries: (hop) => verifyHttpSignature(receivedRequest(hop), signedApi).ok,
  },
  {
    name: 'digest()',
    path: '/digest',
    serve: (kit) =>
      kit.handle('/digest', createDigestServer({ users: { demo: 'pässword' } }).handler),
    build: () => digest({ username: 'demo', password: 'pässword' }),
    carries: (hop) =>
      /^Digest username="demo", realm=.*, response="[0-9a-f]{64}"/.test(
        hop.headers.authorization ?? '',
      ),
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
  const signed = Object.keys(hop.headers).some((name) => name.startsWith('x-amz-'))
  return (
    !('authorization' in hop.headers) &&
    !signed &&
    !text.includes(token) &&
    !text.includes(key) &&
    !text.includes('demo-access') &&
    !text.includes(aws.sessionToken) &&
    !('dpop' in hop.headers) &&
    !('signature' in hop.headers) &&
    !('signature-input' in hop.headers) &&
    hop.clientCertificate === undefined
  )
}

/** The origins a strategy's scenarios use: its own, or plain http on 127.0.0.1 and another port. */
export function originsOf(kit: Kit, strategy: DemoStrategy): Origins {
  return strategy.origins?.(kit) ?? { home: kit.http, away: kit.other }
}
