import {
  ABORTED,
  AuthError,
  type AuthStrategy,
  findChallenges,
  isAuthError,
  MemoryTokenStore,
  REFRESH_FAILED,
} from '@latchkey/core'
import {
  type AuthFlow,
  type AuthResponse,
  defineStrategy,
  type GrantContext,
  type TokenGrant,
} from '@latchkey/core/strategy'
import * as client from 'openid-client'
import { OidcClient } from '../client.js'
import { invalid, type OidcClientOptions, validateClient } from '../config.js'
import { Passthrough } from '../errors.js'
import { AuthorizationCodeLogin, type AuthorizationParameters } from '../login/authorization.js'
import { type OidcRegistrationOptions, registrationFor } from '../login/registration.js'
import { oidcStrategy } from '../strategy.js'

/** Where to send the user: open it in their browser. */
export interface AuthorizationUrl {
  /** The provider's authorization URL, with PKCE challenge and state. */
  readonly url: string
  /** Aborts when the login ends without the user (timeout, `signal`). */
  readonly signal: AbortSignal
}

/** Options of `oidc.authorizationCode()`: the client (or none, to register one) and how the login runs. */
export interface OidcAuthorizationCodeOptions extends Omit<OidcClientOptions, 'clientId'> {
  /**
   * The client id registered with the provider. Leave it out to register a public client
   * (RFC 7591 dynamic client registration, when the provider's metadata names a
   * `registration_endpoint`): once, kept in `store` and reused by later runs.
   */
  readonly clientId?: string
  /** Options of the registration when there is no `clientId`. */
  readonly registration?: OidcRegistrationOptions
  /** Opens the authorization URL (in the browser, or printed); called whenever a login starts. */
  readonly onAuthorizationUrl: (authorization: AuthorizationUrl) => void | Promise<void>
  /**
   * Runs when the refresh token was refused (or there is none left) and a new login is
   * about to start; requests waiting for a token wait for that login, then resume.
   * Return `false` to refuse: they fail with `ABORTED`.
   */
  readonly onLoginRequired?: () => boolean | undefined | Promise<boolean | undefined>
  /** Cancels a login in progress: requests waiting for it fail with `ABORTED`. */
  readonly signal?: AbortSignal
  /** The loopback redirect URI's path. Default `/callback`. */
  readonly redirectPath?: string
  /** Extra authorization request parameters: `login_hint`, `acr_values`, `prompt`, ... */
  readonly parameters?: AuthorizationParameters
}

/** How long a login may take by default: long enough for a person, in milliseconds. */
const LOGIN_TIMEOUT = 5 * 60 * 1000

/**
 * A person logs in, for command-line and desktop apps (RFC 8252): the first request that
 * needs a token opens a loopback listener on `127.0.0.1` (an ephemeral port), hands the
 * authorization URL to `onAuthorizationUrl`, and exchanges the code the browser brings
 * back, with PKCE S256, `state`, `nonce` and the RFC 9207 `iss` checked. The browser is
 * answered with a small page and the listener closes. Tokens then live in the token
 * engine; when the refresh token is refused, one new login runs for every waiting request.
 *
 * `timeout` (default 5 minutes) bounds a login; `signal` cancels one.
 *
 * Without a `clientId`, the first login registers a public client (RFC 7591) at the
 * provider's `registration_endpoint`: a native app with the loopback redirect URI
 * `http://127.0.0.1/callback` (any port, RFC 8252 section 7.3), `token_endpoint_auth_method`
 * `none`. It is kept in `store` (next to the tokens) and reused by later runs; a
 * provider without registration, or one that refuses it, fails the login with
 * `LOGIN_FAILED` (and the RFC 7591 `oauthError`) before the user is sent anywhere.
 *
 * @example
 * ```ts
 * oidc.authorizationCode({
 *   issuer: 'https://login.example.com',
 *   clientId: 'my-cli',
 *   scope: 'openid offline_access api',
 *   store: fileTokenStore({ directory: '~/.config/my-cli' }),
 *   onAuthorizationUrl: ({ url }) => open(url),
 * })
 * ```
 */
export function authorizationCode(options: OidcAuthorizationCodeOptions): AuthStrategy {
  const name = 'oidc.authorizationCode'
  const config = validateClient(name, options, true)
  const { onAuthorizationUrl, onLoginRequired, signal: cancel } = options
  const redirectPath = options.redirectPath ?? '/callback'
  if (typeof onAuthorizationUrl !== 'function')
    throw invalid(name, 'onAuthorizationUrl must be a function')
  if (onLoginRequired !== undefined && typeof onLoginRequired !== 'function')
    throw invalid(name, 'onLoginRequired must be a function')
  if (cancel !== undefined && !(cancel instanceof AbortSignal))
    throw invalid(name, 'signal must be an AbortSignal')
  if (typeof redirectPath !== 'string' || !/^\/[\w\-./]*$/.test(redirectPath))
    throw invalid(name, 'redirectPath must be a path such as "/callback"')
  // The registered client lives next to the tokens, so a file store keeps both.
  const store = options.store ?? new MemoryTokenStore()
  const registration = registrationFor(name, config, options.registration, store, {
    // RFC 8252 section 7.3: a loopback redirect is registered without a port; any matches.
    redirectUris: [`http://127.0.0.1${redirectPath}`],
    applicationType: 'native',
  })
  const oidcClient = new OidcClient(name, config, registration)
  const login = new AuthorizationCodeLogin(oidcClient, config, parameters(name, options.parameters))
  /** A login happened, or a refresh token was refused: the next login is a re-login. */
  let relogin = false

  /** What an API asked for with `insufficient_user_authentication` (RFC 9470), not yet logged in with. */
  let stepUp: AuthorizationParameters | undefined

  const loginOnce = async (
    ctx: GrantContext,
    extra: AuthorizationParameters = {},
  ): Promise<TokenGrant> => {
    const { LoopbackListener } = await import('../login/loopback.js')
    const listener = await LoopbackListener.open(redirectPath)
    try {
      const { url, pending } = await login.begin(ctx, listener.redirectUri, extra)
      const signal = cancel ? AbortSignal.any([ctx.signal, cancel]) : ctx.signal
      try {
        await onAuthorizationUrl({ url: url.href, signal })
      } catch (error) {
        throw new Passthrough(error)
      }
      const callback = await listener.callback(signal).catch((error: unknown) => {
        if (cancel?.aborted && !ctx.signal.aborted)
          throw new AuthError(ABORTED, `${name}: the login was cancelled`, { cause: cancel.reason })
        throw error
      })
      try {
        const grant = await login.finish(ctx, callback.url, pending)
        callback.answer(true)
        return grant
      } catch (error) {
        callback.answer(false)
        throw error
      }
    } catch (error) {
      throw error instanceof Passthrough ? error.error : error
    } finally {
      await listener.close()
    }
  }

  /** The refresh token is refused or gone: one new login, if the app agrees. */
  const loginAgain = async (ctx: GrantContext): Promise<TokenGrant> => {
    if ((await onLoginRequired?.()) === false)
      throw new AuthError(ABORTED, `${name}: a new login was required and refused`)
    try {
      return await loginOnce(ctx)
    } catch (error) {
      if (isAuthError(error) && (error.code === ABORTED || error.code === REFRESH_FAILED))
        throw error
      throw new AuthError(
        REFRESH_FAILED,
        `${name}: the refresh token was refused and the new login failed`,
        {
          cause: error,
        },
      )
    }
  }

  const strategy = oidcStrategy(
    name,
    oidcClient,
    {
      acquire: async (ctx) => {
        if (!relogin) {
          const grant = await loginOnce(ctx)
          relogin = true
          return grant
        }
        return loginAgain(ctx)
      },
      refresh: async (refreshToken, ctx) => {
        relogin = true
        // A refresh keeps the authentication the token had: a step-up needs a new login.
        const wanted = stepUp
        stepUp = undefined
        if (wanted !== undefined) return loginOnce(ctx, wanted)
        try {
          return await oidcClient.grant(ctx, (configuration, dpop) =>
            client.refreshTokenGrant(configuration, refreshToken, oidcClient.parameters(), dpop),
          )
        } catch (error) {
          // The server forgot the client it registered (the registration is dropped already):
          // its refresh token is worthless, and a new login registers a client anew.
          if (
            registration !== undefined &&
            isAuthError(error) &&
            error.oauthError === 'invalid_client'
          )
            return loginAgain(ctx)
          throw error
        }
      },
    },
    { ...options, store, timeout: options.timeout ?? LOGIN_TIMEOUT },
    [config.issuer.href, config.clientId ?? 'registered', config.scope, config.resource],
  )
  return defineStrategy({
    name,
    secrets: strategy.secrets,
    // Step-up (RFC 9470): the first answer asking for a stronger login becomes, for the
    // token flow, a refused token, so it renews once (by logging in with the API's
    // `acr_values` / `max_age`) and resends; a second such answer goes to the caller.
    async *flow(request, ctx): AuthFlow {
      const inner = strategy.flow(request, ctx)
      let step = await inner.next()
      let first = true
      while (!step.done) {
        let response = yield step.value
        const wanted = first ? stepUpChallenge(response) : undefined
        first = false
        if (wanted !== undefined) {
          stepUp = wanted
          response = { status: 401, headers: new Headers({ 'www-authenticate': REFUSED }) }
        }
        step = await inner.next(response)
      }
    },
  })
}

const REFUSED = 'Bearer error="invalid_token"'

/** The `acr_values` and `max_age` of a 401 `insufficient_user_authentication` challenge. */
function stepUpChallenge(response: AuthResponse): AuthorizationParameters | undefined {
  if (response.status !== 401) return undefined
  const challenge = [
    ...findChallenges(response.headers, 'Bearer'),
    ...findChallenges(response.headers, 'DPoP'),
  ].find((candidate) => candidate.params.get('error') === 'insufficient_user_authentication')
  if (challenge === undefined) return undefined
  const acr = challenge.params.get('acr_values')
  const maxAge = challenge.params.get('max_age')
  return {
    ...(acr !== undefined && /^[\x21-\x7e ]{1,512}$/.test(acr) && { acr_values: acr }),
    ...(maxAge !== undefined && /^\d{1,9}$/.test(maxAge) && { max_age: maxAge }),
  }
}

/** Validates extra authorization parameters: strings, and none that the login sets itself. */
export function parameters(strategy: string, value: unknown): AuthorizationParameters {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null)
    throw invalid(strategy, 'parameters must be an object of strings')
  const reserved = [
    'state',
    'nonce',
    'code_challenge',
    'code_challenge_method',
    'redirect_uri',
    'response_type',
    'client_id',
  ]
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw invalid(strategy, `parameters.${key} must be a string`)
    if (reserved.includes(key))
      throw invalid(strategy, `parameters.${key} is set by the login itself`)
  }
  return value as AuthorizationParameters
}
