import {
  AuthError,
  type AuthStrategy,
  DEFAULT_MAX_RESPONSE_BYTES,
  MemoryTokenStore,
  REFRESH_FAILED,
  type TokenStore,
  type Transport,
} from '@latchkey/core'
import { SecretSet } from '@latchkey/core/adapter'
import {
  type FlowContext,
  type GrantContext,
  resolveTokenOptions,
  tokenKind,
} from '@latchkey/core/strategy'
import * as client from 'openid-client'
import { OidcClient } from '../client.js'
import { invalid, type OidcClientOptions, validateClient } from '../config.js'
import {
  AuthorizationCodeLogin,
  type AuthorizationParameters,
  type PendingLogin,
} from '../login/authorization.js'
import { type OidcRegistrationOptions, registrationFor } from '../login/registration.js'
import { oidcStrategy } from '../strategy.js'
import { parameters } from './authorization-code.js'

/** Options of `oidc.webLogin()` (and `oidc.browserLogin()`): the client and its redirect URI. */
export interface OidcWebLoginOptions extends Omit<OidcClientOptions, 'clientId'> {
  /**
   * The client id registered with the provider. Leave it out to register a public client
   * for `redirectUri` (RFC 7591, when the provider names a `registration_endpoint`) at the
   * first `start`.
   */
  readonly clientId?: string
  /** Options of the registration when there is no `clientId`. */
  readonly registration?: OidcRegistrationOptions
  /** Where the provider sends the user back: your app's callback route, registered with it. */
  readonly redirectUri: string
  /** Extra authorization request parameters: `login_hint`, `acr_values`, `prompt`, ... */
  readonly parameters?: AuthorizationParameters
  /**
   * Runs when a session's refresh token is refused: its requests fail with
   * `REFRESH_FAILED`, and the app sends the user through `start()` again.
   */
  readonly onLoginRequired?: () => void
  /** How `start` and `finish` reach the provider. Default: the global `fetch`. */
  readonly transport?: Transport
  /** Lets `start` and `finish` use plain http beyond loopback (tests). Default false. */
  readonly allowInsecureHttp?: boolean
}

/** The two halves of a redirect login. */
export interface WebLogin {
  /** The URL to redirect the user to, and what to keep (in the session) until they return. */
  start(parameters?: AuthorizationParameters): Promise<{
    /** The provider's authorization URL to redirect the user to. */
    url: string
    /** What `finish` needs back: keep it in the user's session (it holds a secret). */
    pending: PendingLogin
  }>
  /**
   * Checks the callback URL the user came back with against `pending` (state, RFC 9207
   * `iss`), exchanges its code, and returns the user's strategy: their tokens in the
   * token engine, refreshed as needed. Refused callbacks throw `LOGIN_FAILED`.
   */
  finish(callbackUrl: string | URL, pending: PendingLogin): Promise<AuthStrategy>
}

let sessions = 0

/**
 * A person logs in to a server-side web app (the authorization code grant with PKCE,
 * `state`, `nonce` and `iss` checked): `start` gives the URL to redirect to and the
 * values to keep in the session; the callback route hands the URL it was called with to
 * `finish`, which returns a strategy for that user's requests.
 *
 * Each `finish` keeps its tokens under a key of its own; to keep them in a shared store
 * (Redis), give `store` and a `key` per session.
 *
 * @example
 * ```ts
 * const login = oidc.webLogin({ issuer, clientId, clientSecret, redirectUri, scope: 'openid offline_access' })
 * app.get('/login', async (req, res) => {
 *   const { url, pending } = await login.start()
 *   req.session.pending = pending
 *   res.redirect(url)
 * })
 * app.get('/callback', async (req, res) => {
 *   req.session.api = await login.finish(new URL(req.url, 'https://app.example.com'), req.session.pending)
 * })
 * ```
 */
export function webLogin(options: OidcWebLoginOptions): WebLogin {
  return redirectLogin('oidc.webLogin', options)
}

/**
 * The engine shared by the server-side and browser logins. A registered client is kept
 * in `clients` (default: `store`, else memory), which must outlive the redirect.
 */
export function redirectLogin(
  name: string,
  options: OidcWebLoginOptions,
  clients?: TokenStore,
): WebLogin {
  const config = validateClient(name, options, true)
  const redirectUri = validateRedirectUri(name, options.redirectUri)
  const { onLoginRequired, transport } = options
  if (onLoginRequired !== undefined && typeof onLoginRequired !== 'function')
    throw invalid(name, 'onLoginRequired must be a function')
  if (transport !== undefined && typeof transport !== 'function')
    throw invalid(name, 'transport must be a fetch-like function')
  const registration = registrationFor(
    name,
    config,
    options.registration,
    clients ?? options.store ?? new MemoryTokenStore(),
    { redirectUris: [redirectUri], applicationType: 'web' },
  )
  const oidcClient = new OidcClient(name, config, registration)
  const login = new AuthorizationCodeLogin(oidcClient, config, parameters(name, options.parameters))
  // Validated once, up front: a bad store or timeout fails here, not at the first callback.
  const timeout = resolveTokenOptions(name, options, name).timeout

  // What the login sends (the code, the verifier, the client's secret) is never shown back.
  const secrets = new SecretSet()
  const standalone = (): GrantContext => {
    const flow: FlowContext = {
      signal: undefined,
      clock: { now: () => Date.now() },
      emit: () => {},
      transport: transport ?? ((request) => globalThis.fetch(request)),
      policy: {
        allowInsecureHttp: options.allowInsecureHttp === true,
        maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
      },
      secret: (value) => secrets.pin(value),
      containsSecret: (text) => secrets.test(text),
    }
    return { flow, signal: AbortSignal.timeout(timeout) }
  }

  return {
    async start(extra = {}) {
      const { url, pending } = await login.begin(standalone(), redirectUri, parameters(name, extra))
      return { url: url.href, pending }
    },
    async finish(callbackUrl, pending) {
      const callback = toUrl(name, callbackUrl)
      validatePending(name, pending)
      const startedAt = Date.now()
      const grant = await login.finish(standalone(), callback, pending)
      const resolved = resolveTokenOptions(name, options, `${name} #${++sessions}`)
      // Stored as the engine would have stored it, had it made the request itself.
      const token = tokenKind(resolved.defaultExpiresIn).issue(grant, startedAt, undefined)
      await resolved.store.set(resolved.key, token)
      return oidcStrategy(
        name,
        oidcClient,
        {
          acquire: async () => {
            onLoginRequired?.()
            throw new AuthError(
              REFRESH_FAILED,
              `${name}: the session's tokens are gone or refused; the user must log in again`,
            )
          },
          refresh: (refreshToken, ctx) =>
            oidcClient.grant(ctx, (configuration, dpop) =>
              client.refreshTokenGrant(configuration, refreshToken, oidcClient.parameters(), dpop),
            ),
        },
        { ...options, store: resolved.store, key: resolved.key },
        [],
      )
    },
  }
}

function validateRedirectUri(strategy: string, value: unknown): string {
  let url: URL
  try {
    url = new URL(value as string)
  } catch {
    throw invalid(strategy, 'redirectUri must be an absolute URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalid(strategy, 'redirectUri must be an http(s) URL')
  if (url.hash || url.username || url.password)
    throw invalid(strategy, 'redirectUri must not carry a fragment or userinfo')
  return url.href
}

function toUrl(strategy: string, value: unknown): URL {
  try {
    return new URL(value as string | URL)
  } catch {
    throw invalid(strategy, 'finish needs the absolute URL the callback was called with')
  }
}

function validatePending(strategy: string, value: unknown): asserts value is PendingLogin {
  const pending = value as Partial<Record<keyof PendingLogin, unknown>> | null
  if (
    typeof pending !== 'object' ||
    pending === null ||
    typeof pending.state !== 'string' ||
    typeof pending.codeVerifier !== 'string' ||
    typeof pending.redirectUri !== 'string' ||
    (pending.nonce !== undefined && typeof pending.nonce !== 'string')
  )
    throw invalid(strategy, 'finish needs the pending login start() returned')
}
