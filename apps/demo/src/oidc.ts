import type { Hop, Kit } from '@latchkey/conformance/kit'
import { oidc } from '@latchkey/oidc'
import type { OidcProvider } from '@latchkey/oidc-testing/kit'
import { decodeJwt } from 'jose'
import type { Adapter } from './clients.js'
import type { DemoStrategy } from './strategies.js'

/** Where the provider's protected API is mounted on the kit. */
export const API = '/oidc-api'

/**
 * The OpenID Connect strategies, against the embedded provider. A hop carries the
 * credentials when the API validated exactly that request: the token's `jti` (and the
 * DPoP proof's) among the requests it accepted.
 */
export function oidcStrategies(provider: OidcProvider): DemoStrategy[] {
  const { issuer, clients } = provider
  const accepted = (scheme: 'Bearer' | 'DPoP') => (hop: Hop) => {
    const [given, token = ''] = (hop.headers.authorization ?? '').split(' ')
    if (given !== scheme) return false
    const jti = claim(token, 'jti')
    const proof = claim(hop.headers.dpop ?? '', 'jti')
    return provider.api.accepted.some(
      (request) =>
        request.path === hop.path &&
        request.claims.jti === jti &&
        (scheme === 'Bearer' || request.proof?.jti === proof),
    )
  }
  return [
    {
      name: 'oidc.clientCredentials (secret)',
      path: API,
      build: () => oidc.clientCredentials({ issuer, ...clients.basic, scope: 'read' }),
      carries: accepted('Bearer'),
    },
    {
      name: 'oidc.clientCredentials (private_key_jwt)',
      path: API,
      build: () => oidc.clientCredentials({ issuer, ...clients.privateKeyJwt }),
      carries: accepted('Bearer'),
    },
    {
      name: 'oidc.clientCredentials (DPoP)',
      path: API,
      build: () => oidc.clientCredentials({ issuer, ...clients.basic, dpop: true }),
      carries: accepted('DPoP'),
    },
    {
      name: 'oidc.refreshToken (rotating)',
      path: API,
      build: async () =>
        oidc.refreshToken({
          issuer,
          ...clients.public,
          refreshToken: await provider.issueRefreshToken(clients.public.clientId),
        }),
      carries: accepted('Bearer'),
    },
  ]
}

/**
 * The device flow through each client: the user code is printed as a command-line tool
 * would print it, and approved on the provider as if the user had typed it in a browser.
 */
export async function deviceFlow(
  adapters: readonly Adapter[],
  provider: OidcProvider,
  kit: Kit,
): Promise<{ lines: string[]; failed: number }> {
  const lines: string[] = []
  let failed = 0
  for (const adapter of adapters) {
    const strategy = oidc.deviceCode({
      issuer: provider.issuer,
      ...provider.clients.public,
      scope: 'openid offline_access read',
      dpop: true,
      onUserCode: async ({ verificationUri, userCode }) => {
        lines.push(`  ${adapter.name.padEnd(6)} Open ${verificationUri} and enter ${userCode}`)
        await provider.approve(userCode)
      },
    })
    const status = await adapter
      .create(strategy, kit.ca)
      .get(`${kit.http}${API}/device/${adapter.name}`)
      .catch((error: unknown) => (error instanceof Error ? error.message : String(error)))
    const last = provider.api.accepted.at(-1)
    const ok =
      status === 200 && last?.path === `${API}/device/${adapter.name}` && last.scheme === 'DPoP'
    if (!ok) failed++
    lines.push(
      `         ${ok ? '✓ approved, DPoP-bound token accepted by the API' : `✗ ${String(status)}`}`,
    )
  }
  return { lines, failed }
}

function claim(jwt: string, name: string): unknown {
  try {
    return decodeJwt(jwt)[name]
  } catch {
    return undefined
  }
}

/**
 * The command-line login (authorization code + PKCE, RFC 8252) through each client: the
 * authorization URL is printed as a tool would print it, and a scripted browser logs in,
 * consents and follows the redirect to the tool's loopback listener.
 */
export async function cliLogin(
  adapters: readonly Adapter[],
  provider: OidcProvider,
  kit: Kit,
): Promise<{ lines: string[]; failed: number }> {
  const lines: string[] = []
  let failed = 0
  for (const adapter of adapters) {
    const strategy = oidc.authorizationCode({
      issuer: provider.issuer,
      clientId: provider.clients.native.clientId,
      scope: 'openid offline_access read',
      resource: provider.audience,
      onAuthorizationUrl: ({ url }) => {
        const redirect = new URL(url).searchParams.get('redirect_uri')
        lines.push(`  ${adapter.name.padEnd(6)} Open ${url.split('?')[0]}?… (back to ${redirect})`)
        void provider
          .authorize(url)
          .then((callback) => fetch(callback))
          .catch(() => {})
      },
    })
    const status = await adapter
      .create(strategy, kit.ca)
      .get(`${kit.http}${API}/login/${adapter.name}`)
      .catch((error: unknown) => (error instanceof Error ? error.message : String(error)))
    const last = provider.api.accepted.at(-1)
    const ok =
      status === 200 &&
      last?.path === `${API}/login/${adapter.name}` &&
      last.claims.sub === 'latchkey-user'
    if (!ok) failed++
    lines.push(
      `         ${ok ? '✓ logged in through the loopback listener, token accepted by the API' : `✗ ${String(status)}`}`,
    )
  }
  return { lines, failed }
}
