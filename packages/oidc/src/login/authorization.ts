import { AuthError, LOGIN_FAILED, UNREGISTERED_ERROR } from '@latchkey/core'
import { type GrantContext, oauthErrorCode, type TokenGrant } from '@latchkey/core/strategy'
import * as client from 'openid-client'
import type { OidcClient } from '../client.js'
import type { ValidatedClient } from '../config.js'

/**
 * What a login must keep between sending the user to the provider and their return:
 * plain strings, so a server can keep them in its session and a browser in
 * `sessionStorage`. The verifier is a secret (RFC 7636): keep it server-side or for the
 * round trip only.
 */
export interface PendingLogin {
  /** The `state` sent, checked against the callback's. */
  readonly state: string
  /** The PKCE code verifier (RFC 7636): a secret, sent only with the code. */
  readonly codeVerifier: string
  /** Sent when the scope asks for an ID token (`openid`), and checked in it. */
  readonly nonce?: string
  /** The `redirect_uri` the login was started with, sent again with the code. */
  readonly redirectUri: string
  /** The `max_age` asked for, in seconds: the ID token's `auth_time` is checked against it. */
  readonly maxAge?: number
}

/** Extra authorization request parameters: `prompt`, `login_hint`, `acr_values`, `max_age`, ... */
export type AuthorizationParameters = Readonly<Record<string, string>>

/**
 * The authorization code grant with PKCE (RFC 6749 4.1, RFC 7636 S256, RFC 9700), one
 * engine for every kind of app: `begin` builds the authorization URL and what to keep;
 * `finish` checks the callback (state, RFC 9207 `iss`, error) and exchanges the code.
 */
export class AuthorizationCodeLogin {
  readonly #client: OidcClient
  readonly #config: ValidatedClient
  readonly #parameters: AuthorizationParameters

  constructor(client: OidcClient, config: ValidatedClient, parameters: AuthorizationParameters) {
    this.#client = client
    this.#config = config
    this.#parameters = parameters
  }

  async begin(
    ctx: GrantContext,
    redirectUri: string,
    extra: AuthorizationParameters = {},
  ): Promise<{ url: URL; pending: PendingLogin }> {
    const configuration = await this.#client.configuration(ctx)
    const codeVerifier = client.randomPKCECodeVerifier()
    const state = client.randomState()
    const scopes = (this.#config.scope ?? '').split(' ')
    const nonce = scopes.includes('openid') ? client.randomNonce() : undefined
    ctx.flow.secret(codeVerifier)
    const url = client.buildAuthorizationUrl(configuration, {
      // OpenID Connect grants offline_access (a refresh token) only on an explicit consent.
      ...(scopes.includes('offline_access') && { prompt: 'consent' }),
      ...this.#client.parameters(),
      ...this.#parameters,
      ...extra,
      response_type: 'code',
      redirect_uri: redirectUri,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      ...(nonce !== undefined && { nonce }),
    })
    return {
      url,
      pending: { state, codeVerifier, redirectUri, ...(nonce !== undefined && { nonce }) },
    }
  }

  /** Checks the callback and exchanges its code; nothing reaches the token endpoint if a check fails. */
  async finish(ctx: GrantContext, callback: URL, pending: PendingLogin): Promise<TokenGrant> {
    const metadata = await this.#client.metadata(ctx)
    this.#check(callback, pending, metadata, ctx.flow.containsSecret)
    const resource = this.#config.resource
    // The redirect URI exactly as sent (openid-client derives it from this URL).
    const current = new URL(pending.redirectUri)
    current.search = callback.search
    return this.#client.grant(ctx, (configuration, dpop) =>
      client.authorizationCodeGrant(
        configuration,
        current,
        {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          ...(pending.nonce !== undefined && { expectedNonce: pending.nonce }),
          ...(pending.maxAge !== undefined && { maxAge: pending.maxAge }),
        },
        resource === undefined ? {} : { resource },
        dpop,
      ),
    )
  }

  #check(
    callback: URL,
    pending: PendingLogin,
    metadata: client.ServerMetadata,
    containsSecret: (text: string) => boolean,
  ): void {
    const strategy = this.#client.strategy
    const params = callback.searchParams
    const refuse = (message: string, oauthError?: string) =>
      new AuthError(LOGIN_FAILED, `${strategy}: ${message}`, {
        ...(oauthError !== undefined && { oauthError }),
      })
    const expected = new URL(pending.redirectUri)
    if (callback.origin !== expected.origin || callback.pathname !== expected.pathname)
      throw refuse('the callback is not the redirect URI this login sent')
    if (params.get('state') !== pending.state)
      throw refuse(
        'the callback carries another state than this login sent (a forged or stale callback)',
      )
    // RFC 9207: an authorization server that says it sends `iss` must, and it must be its own.
    const iss = params.get('iss')
    if (
      iss !== null
        ? iss !== metadata.issuer
        : metadata.authorization_response_iss_parameter_supported
    )
      throw refuse('the callback names another issuer than this login went to (a mix-up)')
    const error = params.get('error')
    if (error !== null) {
      // The rule for every OAuth error Latchkey passes on: registered or well-formed codes.
      const code = oauthErrorCode(error, containsSecret) ?? UNREGISTERED_ERROR
      throw refuse(`the provider refused the login (${code})`, code)
    }
    if (!params.get('code')) throw refuse('the callback carries no code')
  }
}
