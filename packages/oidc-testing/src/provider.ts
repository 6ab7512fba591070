import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, type JWK } from 'jose'
import type { KoaContextWithOIDC } from 'oidc-provider'
import { type AuthorizeOptions, authorize, INTERACTION_PATH, interactions } from './interactions.js'
import { JWT_BEARER, registerJwtBearer } from './jwt-bearer.js'
import { createResourceServer, type ResourceServer } from './resource-server.js'
import { registerTokenExchange, TOKEN_EXCHANGE } from './token-exchange.js'

/** One request the provider received, as it arrived. */
export interface ProviderHop {
  /** The request method. */
  readonly method: string
  /** Path and query. */
  readonly path: string
  /** The headers, by lower-case name. */
  readonly headers: Readonly<Record<string, string>>
  /** The form parameters of a POST (token, device authorization endpoints). */
  readonly params: URLSearchParams
}

/** Clients registered with the provider, one per client authentication method. */
export interface ProviderClients {
  /** `client_secret_basic` */
  readonly basic: {
    /** The client id. */
    readonly clientId: string
    /** The client secret. */
    readonly clientSecret: string
  }
  /** `client_secret_post` */
  readonly post: {
    /** The client id. */
    readonly clientId: string
    /** The client secret. */
    readonly clientSecret: string
  }
  /** `private_key_jwt`, with the private key the client signs assertions with. */
  readonly privateKeyJwt: {
    /** The client id. */
    readonly clientId: string
    /** The private JWK its assertions are signed with. */
    readonly privateKey: JWK
  }
  /** A public client (`none`), as a command-line tool is: device flow and refresh tokens. */
  readonly public: {
    /** The client id. */
    readonly clientId: string
  }
  /**
   * A service account for the JWT bearer grant (RFC 7523): assertions signed with this
   * key and naming `id` as their issuer are traded for tokens.
   */
  readonly serviceAccount: {
    /** The issuer (and subject) its assertions name. */
    readonly id: string
    /** The private JWK assertions are signed with. */
    readonly privateKey: JWK & {
      /** The key id the provider knows it by. */
      readonly kid?: string
    }
  }
  /**
   * A public native client (RFC 8252) for the authorization code grant with PKCE: its
   * redirect URI is `http://127.0.0.1/callback`, on any port.
   */
  readonly native: {
    /** The client id. */
    readonly clientId: string
    /** `http://127.0.0.1/callback` (any port matches). */
    readonly redirectUri: string
  }
  /** A confidential web client (`client_secret_basic`) for the authorization code grant. */
  readonly web: {
    /** The client id. */
    readonly clientId: string
    /** The client secret. */
    readonly clientSecret: string
    /** The registered redirect URI. */
    readonly redirectUri: string
  }
}

/** Switches a test flips; `reset()` puts them back. */
export interface ProviderSettings {
  /** Lifetime of the access tokens the provider issues, in seconds. Default 300. */
  accessTokenTtl: number
  /** The token endpoint answers DPoP requests without a current nonce with `use_dpop_nonce`. */
  requireDpopNonce: boolean
  /** The token endpoint answers 503 with an HTML page. */
  tokenEndpointDown: boolean
  /** The first poll of the next device login is answered `slow_down`. */
  slowDownFirstPoll: boolean
  /** `/.well-known/oauth-authorization-server` (RFC 8414) answers 404: OpenID discovery only. */
  noOAuthMetadata: boolean
  /** No dynamic client registration: the metadata names no `registration_endpoint`, `/reg` answers 404. */
  registrationDisabled: boolean
  /** The registration endpoint refuses every client's redirect URIs (`invalid_redirect_uri`), as an allow-list would. */
  refuseRedirectUris: boolean
  /**
   * The registration endpoint replaces the `token_endpoint_auth_method` a client asks
   * for with this one (RFC 7591 lets a server), so a public client gets a `client_secret`.
   */
  registrationAuthMethod: 'client_secret_basic' | 'client_secret_post' | undefined
}

/** Options of {@link startOidcProvider}. */
export interface OidcProviderOptions {
  /** The secret of the `client_secret_basic` and `client_secret_post` clients. */
  readonly clientSecret?: string
  /**
   * Pages on these origins may call the provider (CORS), as a browser app would: its
   * token endpoint and, unlike oidc-provider on its own, its registration endpoint (so a
   * single-page app can register itself). Default none.
   */
  readonly corsOrigins?: readonly string[]
}

/**
 * A real OpenID provider (oidc-provider) on loopback, with the features Latchkey's
 * strategies use, and a protected resource server that validates what it receives.
 */
export interface OidcProvider {
  /** The issuer identifier, `http://127.0.0.1:<port>`. */
  readonly issuer: string
  /** The resource indicator (RFC 8707) and JWT `aud` of the protected API. */
  readonly audience: string
  /** The registered clients, one per client authentication method. */
  readonly clients: ProviderClients
  /** Switches a test flips (token lifetime, DPoP nonce, outages); `reset()` restores them. */
  readonly settings: ProviderSettings
  /** The protected API: mount it on a conformance kit with `kit.handle(prefix, api.handler)`. */
  readonly api: ResourceServer
  /** Every request the provider received since the last reset. */
  readonly hops: readonly ProviderHop[]
  /** Token endpoint requests received, in order, with their grant types. */
  grants(): string[]
  /** Approves a pending device authorization as a user would, after entering `userCode`. */
  approve(userCode: string): Promise<void>
  /** Denies a pending device authorization. */
  deny(userCode: string): Promise<void>
  /** Issues a refresh token for `clientId` as if a user had consented (scopes `offline_access read`). */
  issueRefreshToken(clientId: string): Promise<string>
  /**
   * A scripted browser: follows an authorization URL, logs in as `latchkey-user`,
   * consents (or declines), and returns the callback URL the provider redirects to,
   * unvisited.
   */
  authorize(authorizationUrl: string | URL, options?: AuthorizeOptions): Promise<URL>
  /** Revokes a refresh token (and with it the grant it belongs to). */
  revokeRefreshToken(refreshToken: string): Promise<void>
  /** Forgets a client registered through the registration endpoint, as a server that prunes unused registrations does. */
  forgetClient(clientId: string): Promise<void>
  /** Clears hops and puts settings back to their defaults. */
  reset(): void
  /** Stops the provider and its API. */
  close(): Promise<void>
}

const SCOPES = ['openid', 'offline_access', 'read', 'write']
const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code'
const ACCOUNT = 'latchkey-user'

const defaults = (): ProviderSettings => ({
  accessTokenTtl: 300,
  requireDpopNonce: false,
  tokenEndpointDown: false,
  slowDownFirstPoll: false,
  noOAuthMetadata: false,
  registrationDisabled: false,
  refuseRedirectUris: false,
  registrationAuthMethod: undefined,
})

/**
 * Starts the provider on 127.0.0.1. Client credentials, refresh tokens with rotation,
 * the device flow, token exchange (RFC 8693), DPoP with nonces, and RFC 9068 JWT access
 * tokens for one resource server, whose API is {@link OidcProvider.api}.
 *
 * @example
 * ```ts
 * const provider = await startOidcProvider()
 * kit.handle('/api', provider.api.handler)
 * oidc.clientCredentials({ issuer: provider.issuer, ...provider.clients.basic })
 * ```
 */
export async function startOidcProvider(options: OidcProviderOptions = {}): Promise<OidcProvider> {
  const { default: Provider, errors } = await quietly(() => import('oidc-provider'))
  const clientSecret = options.clientSecret ?? 'latchkey-test-client-secret'
  const settings = defaults()
  const hops: ProviderHop[] = []
  const audience = 'urn:latchkey:test-api'

  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const api = createResourceServer({ issuer, audience })
  const signing = await keys('ES256')
  const idTokens = await keys('RS256')
  const assertion = await generateKeyPair('ES256', { extractable: true })
  const kid = 'service-jwt-key'
  const clientPrivateKey = { ...(await exportJWK(assertion.privateKey)), kid } as JWK & {
    kid: string
  }
  const clientPublicKey = { ...(await exportJWK(assertion.publicKey)), kid }
  const account = await generateKeyPair('ES256', { extractable: true })
  const accountKid = 'service-account-key'
  const accountPrivateKey = {
    ...(await exportJWK(account.privateKey)),
    kid: accountKid,
  } as JWK & {
    kid: string
  }
  const accountPublicKey = { ...(await exportJWK(account.publicKey)), kid: accountKid }
  const clients: ProviderClients = {
    basic: { clientId: 'service-basic', clientSecret },
    post: { clientId: 'service-post', clientSecret },
    privateKeyJwt: { clientId: 'service-jwt', privateKey: clientPrivateKey },
    public: { clientId: 'cli' },
    serviceAccount: { id: 'robot@latchkey.test', privateKey: accountPrivateKey },
    native: { clientId: 'cli-login', redirectUri: 'http://127.0.0.1/callback' },
    web: { clientId: 'web-app', clientSecret, redirectUri: 'http://127.0.0.1:8080/callback' },
  }
  const grantTypes = [
    'client_credentials',
    'refresh_token',
    DEVICE_CODE,
    TOKEN_EXCHANGE,
    JWT_BEARER,
  ]
  const registered = (clientId: string, auth: Record<string, unknown>) => ({
    client_id: clientId,
    grant_types: grantTypes,
    redirect_uris: [],
    response_types: [],
    ...auth,
  })

  const resourceServerInfo = () => ({
    scope: 'read write',
    audience,
    accessTokenFormat: 'jwt' as const,
    accessTokenTTL: settings.accessTokenTtl,
    jwt: { sign: { alg: 'ES256' as const } },
  })

  const provider = await quietly(
    async () =>
      new Provider(issuer, {
        clients: [
          registered(clients.basic.clientId, {
            client_secret: clientSecret,
            token_endpoint_auth_method: 'client_secret_basic',
          }),
          registered(clients.post.clientId, {
            client_secret: clientSecret,
            token_endpoint_auth_method: 'client_secret_post',
          }),
          registered(clients.privateKeyJwt.clientId, {
            token_endpoint_auth_method: 'private_key_jwt',
            token_endpoint_auth_signing_alg: 'ES256',
            jwks: { keys: [clientPublicKey] },
          }),
          registered(clients.public.clientId, { token_endpoint_auth_method: 'none' }),
          {
            client_id: clients.native.clientId,
            application_type: 'native',
            token_endpoint_auth_method: 'none',
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            redirect_uris: [clients.native.redirectUri],
          },
          {
            client_id: clients.web.clientId,
            client_secret: clientSecret,
            token_endpoint_auth_method: 'client_secret_basic',
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
            redirect_uris: [clients.web.redirectUri],
          },
        ],
        // RFC 9700: PKCE for every client, confidential ones too.
        pkce: { required: () => true },
        jwks: { keys: [signing, idTokens] },
        cookies: { keys: [randomBytes(32).toString('hex')] },
        clientBasedCORS: (_ctx: unknown, origin: string) =>
          options.corsOrigins?.includes(origin) === true,
        scopes: SCOPES,
        rotateRefreshToken: true,
        // Runs for registrations (with a context), not for the clients configured above.
        extraClientMetadata: {
          properties: ['latchkey_policy'],
          validator: (ctx: unknown) => {
            if (ctx !== undefined && settings.refuseRedirectUris)
              throw new errors.InvalidRedirectUri('redirect_uris are not on the allow-list')
          },
        },
        features: {
          devInteractions: { enabled: false },
          // RFC 7591, open (no initial access token), as MCP authorization servers run it.
          registration: { enabled: true },
          clientCredentials: { enabled: true },
          deviceFlow: { enabled: true },
          revocation: { enabled: true },
          dPoP: {
            enabled: true,
            nonceSecret: randomBytes(32),
            requireNonce: () => settings.requireDpopNonce,
          },
          resourceIndicators: {
            enabled: true,
            defaultResource: () => audience,
            useGrantedResource: () => true,
            getResourceServerInfo: (_ctx: unknown, resource: string) => {
              // The API by its logical name, or by its URL (RFC 9728) on a loopback origin.
              if (resource === audience) return resourceServerInfo()
              if (!ownResource(resource, api.path)) throw new errors.InvalidTarget()
              return { ...resourceServerInfo(), audience: resource }
            },
          },
        },
        ttl: {
          IdToken: 3600,
          ClientCredentials: () => settings.accessTokenTtl,
          AccessToken: () => settings.accessTokenTtl,
          DeviceCode: 600,
          Interaction: 600,
          Session: 3600,
          AuthorizationCode: 60,
          RefreshToken: 86_400,
          Grant: 86_400,
        },
        findAccount: async (_ctx: unknown, sub: string) => ({
          accountId: sub,
          claims: async () => ({ sub }),
        }),
        // RFC 9068: the access token says how the user authenticated (`acr`), for step-up.
        extraTokenClaims: async (ctx: KoaContextWithOIDC, token: object) => {
          const { AuthorizationCode: code, RefreshToken: refresh } = ctx.oidc.entities
          const acr =
            (code as { acr?: string } | undefined)?.acr ??
            (refresh as { acr?: string } | undefined)?.acr
          return { ...registeredClaims.get(token), ...(acr !== undefined && { acr }) }
        },
      }),
  )
  const registeredClaims = registerTokenExchange(provider, {
    errors,
    audience,
    jwks: { keys: [publicPart(signing)] },
    resourceServerInfo,
  })

  registerJwtBearer(provider, {
    errors,
    audience,
    serviceAccount: { id: clients.serviceAccount.id, publicKey: accountPublicKey },
    resourceServerInfo,
  })

  const polling = new PollingGate()
  provider.use(async (ctx, next) => {
    const route = ctx.path
    try {
      if (route === '/token' && settings.tokenEndpointDown) {
        ctx.status = 503
        ctx.type = 'html'
        ctx.body = '<h1>Service Unavailable</h1>'
        return
      }
      if (route === '/.well-known/oauth-authorization-server' && settings.noOAuthMetadata) {
        ctx.status = 404
        return
      }
      if (route === '/reg' && settings.registrationDisabled) {
        ctx.status = 404
        return
      }
      const origin = ctx.get('origin')
      if (route === '/reg' && options.corsOrigins?.includes(origin)) {
        ctx.set('access-control-allow-origin', origin)
        ctx.vary('origin')
        if (ctx.method === 'OPTIONS') {
          ctx.set('access-control-allow-methods', 'POST')
          ctx.set('access-control-allow-headers', 'content-type, authorization')
          ctx.status = 204
          return
        }
      }
      const replaced = route === '/reg' && ctx.method === 'POST' && settings.registrationAuthMethod
      if (replaced) await replaceAuthMethod(ctx, settings.registrationAuthMethod as string)
      if (route === '/token' && polling.tooSoon(settings)) {
        ctx.status = 400
        ctx.body = { error: 'slow_down' }
        return
      }
      // oidc-provider notes, once, that it got a body already read: that is the point here.
      await (replaced ? quietly(next) : next())
      if (route === '/device/auth' && ctx.status === 200) polling.start(ctx.body as DeviceStart)
      if (route === '/token') polling.answered(ctx.body)
      if (route.startsWith('/.well-known/') && settings.registrationDisabled)
        delete (ctx.body as { registration_endpoint?: string } | undefined)?.registration_endpoint
    } finally {
      hops.push({
        method: ctx.method,
        path: route,
        headers: { ...(ctx.headers as Record<string, string>) },
        params: new URLSearchParams(
          (ctx as { oidc?: { body?: Record<string, string> } }).oidc?.body,
        ),
      })
    }
  })
  const callback = provider.callback()
  const interaction = interactions(provider)
  server.on('request', (request, response) => {
    if (!request.url?.startsWith(INTERACTION_PATH)) return void callback(request, response)
    void interaction(request, response).catch((error: unknown) => {
      response.writeHead(400, { 'content-type': 'text/plain' })
      response.end(error instanceof Error ? error.message : String(error))
    })
  })

  const approval = async (userCode: string) => {
    const code = await provider.DeviceCode.findByUserCode(normalizeUserCode(userCode))
    if (code === undefined) throw new Error(`no pending device authorization for ${userCode}`)
    return code
  }

  return {
    issuer,
    audience,
    clients,
    settings,
    api,
    get hops() {
      return [...hops]
    },
    grants: () =>
      hops
        // A browser's CORS preflight (OPTIONS) is not a token request.
        .filter((hop) => hop.path === '/token' && hop.method === 'POST')
        .map((hop) => hop.params.get('grant_type') ?? '(none)'),
    async approve(userCode) {
      const code = await approval(userCode)
      const grant = new provider.Grant({ accountId: ACCOUNT, clientId: code.clientId })
      grant.addOIDCScope('openid offline_access')
      grant.addResourceScope(audience, 'read write')
      Object.assign(code, {
        accountId: ACCOUNT,
        authTime: Math.floor(Date.now() / 1000),
        grantId: await grant.save(),
        scope: 'openid offline_access read write',
        resource: audience,
      })
      await code.save()
    },
    async deny(userCode) {
      const code = await approval(userCode)
      Object.assign(code, { error: 'access_denied', errorDescription: 'the user said no' })
      await code.save()
    },
    async issueRefreshToken(clientId) {
      const client = await provider.Client.find(clientId)
      if (client === undefined) throw new Error(`unknown client ${clientId}`)
      const grant = new provider.Grant({ accountId: ACCOUNT, clientId })
      grant.addOIDCScope('offline_access')
      grant.addResourceScope(audience, 'read write')
      const refreshToken = new provider.RefreshToken({
        accountId: ACCOUNT,
        client,
        grantId: await grant.save(),
        gty: 'device_code',
        scope: 'offline_access read',
        resource: audience,
        authTime: Math.floor(Date.now() / 1000),
        rotations: 0,
      })
      return refreshToken.save()
    },
    authorize,
    async revokeRefreshToken(value) {
      const token = await provider.RefreshToken.find(value)
      await token?.destroy()
    },
    async forgetClient(clientId) {
      const { adapter } = provider.Client as unknown as {
        adapter: { destroy(id: string): Promise<void> }
      }
      await adapter.destroy(clientId)
    },
    reset() {
      hops.length = 0
      Object.assign(settings, defaults())
      polling.stop()
      api.reset()
    },
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

async function keys(alg: 'ES256' | 'RS256'): Promise<JWK> {
  const pair = await generateKeyPair(alg, { extractable: true })
  return { ...(await exportJWK(pair.privateKey)), alg, use: 'sig', kid: `${alg.toLowerCase()}-1` }
}

interface DeviceStart {
  interval?: number
}

/**
 * Device code polling as an authorization server enforces it (RFC 8628 section 3.5):
 * while a device login is pending, a token request sooner than the interval after the
 * previous one (or the authorization) is answered `slow_down`, and the interval grows by
 * 5 seconds. The interval is set to 1 second so logins in tests are quick. One device
 * login at a time is tracked: the latest.
 */
class PollingGate {
  #interval = 0
  #notBefore: number | undefined
  #forced = false

  start(body: DeviceStart): void {
    body.interval = 1
    this.#interval = 1
    this.#forced = false
    this.#notBefore = Date.now() + this.#interval * 1000
  }

  /** A token response: anything but `authorization_pending` ends the login. */
  answered(body: unknown): void {
    if ((body as { error?: unknown } | undefined)?.error !== 'authorization_pending') this.stop()
  }

  stop(): void {
    this.#notBefore = undefined
  }

  /** Whether this token request must be answered `slow_down` (and the interval grows). */
  tooSoon(settings: ProviderSettings): boolean {
    if (this.#notBefore === undefined) return false
    const now = Date.now()
    const force = settings.slowDownFirstPoll && !this.#forced
    if (!force && now >= this.#notBefore - TIMER_SLACK_MS) {
      this.#notBefore = now + this.#interval * 1000
      return false
    }
    this.#forced = true
    this.#interval += 5
    this.#notBefore = now + this.#interval * 1000
    return true
  }
}

/**
 * Reads the registration request's JSON body and hands oidc-provider a changed copy (it
 * takes an already-read body from `req.body`).
 */
async function replaceAuthMethod(
  ctx: { req: AsyncIterable<unknown> },
  method: string,
): Promise<void> {
  const chunks: Buffer[] = []
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer)
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
  Object.assign(ctx.req, {
    body: JSON.stringify({ ...body, token_endpoint_auth_method: method }),
  })
}

/** Timers may fire a little before the millisecond the server computed. */
const TIMER_SLACK_MS = 50

function ownResource(resource: string, path: string): boolean {
  try {
    const url = new URL(resource)
    return url.hostname === '127.0.0.1' && url.pathname === path && !url.search && !url.hash
  } catch {
    return false
  }
}

function publicPart(jwk: JWK): JWK {
  const { d: _, ...rest } = jwk
  return rest
}

/** oidc-provider stores user codes upper-cased without the mask's separators. */
function normalizeUserCode(userCode: string): string {
  return userCode.toUpperCase().replace(/\W/g, '')
}

/**
 * oidc-provider prints notices when imported and configured (development defaults, and a
 * Node.js 20 runtime note); in a test kit they are noise, so only those are held back.
 */
async function quietly<T>(load: () => Promise<T>): Promise<T> {
  const { warn, info } = console
  const filter =
    (original: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (typeof args[0] === 'string' && /oidc-provider (NOTICE|WARNING)/.test(args[0])) return
      original(...args)
    }
  console.warn = filter(warn)
  console.info = filter(info)
  try {
    return await load()
  } finally {
    console.warn = warn
    console.info = info
  }
}
