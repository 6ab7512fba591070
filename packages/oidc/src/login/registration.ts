import {
  AuthError,
  type ClientAuthMethod,
  LOGIN_FAILED,
  type StoredToken,
  type TokenStore,
} from '@latchkey/core'
import type { GrantContext } from '@latchkey/core/strategy'
import * as client from 'openid-client'
import { invalid, type ValidatedClient } from '../config.js'
import { toAuthError } from '../errors.js'
import { grantFetch } from '../transport.js'

/** How a login without a `clientId` registers its client (RFC 7591). */
export interface OidcRegistrationOptions {
  /** The `client_name` the provider shows the user when they consent. */
  readonly clientName?: string
}

/**
 * The registration of a login configured without a client id, kept in `store`; none when
 * it has one. `options` is the user's `registration` (`INVALID_CONFIG` if unusable).
 */
export function registrationFor(
  strategy: string,
  config: ValidatedClient,
  options: unknown,
  store: TokenStore,
  request: Omit<RegistrationRequest, 'clientName'>,
): ClientRegistration | undefined {
  if (options !== undefined && (typeof options !== 'object' || options === null))
    throw invalid(strategy, 'registration must be an object')
  const { clientName } = (options ?? {}) as OidcRegistrationOptions
  if (clientName !== undefined && (typeof clientName !== 'string' || clientName.length === 0))
    throw invalid(strategy, 'registration.clientName must be a non-empty string')
  if (config.clientId !== undefined) {
    if (options !== undefined)
      throw invalid(strategy, 'registration is for a login without a clientId')
    return undefined
  }
  return new ClientRegistration(strategy, store, { ...request, clientName })
}

/** A client the authorization server registered (RFC 7591), as the login uses it. */
export interface RegisteredClient {
  readonly clientId: string
  /** Issued by the server when it made the client confidential; a secret. */
  readonly clientSecret: string | undefined
  readonly auth: ClientAuthMethod
}

/** What the client asks to be registered with: its redirect URIs and kind. */
export interface RegistrationRequest {
  readonly redirectUris: readonly string[]
  /** `native` for a loopback redirect (RFC 8252: any port matches), `web` otherwise. */
  readonly applicationType: 'native' | 'web'
  /** Shown to the user on the consent page. */
  readonly clientName: string | undefined
}

/** The discovered metadata a registration needs, and how it was discovered. */
export interface RegistrationServer {
  readonly issuer: URL
  readonly metadata: client.ServerMetadata
  readonly algorithm: 'oauth2' | 'oidc'
}

/** Marks a store entry as a registered client, not a token: it is never presented. */
const KIND = 'client-registration'
/** `client_secret_expires_at` 0 means never; JSON has no Infinity. */
const NEVER = Number.MAX_SAFE_INTEGER

/**
 * Dynamic client registration (RFC 7591) for a login configured without a client id: the
 * first login registers a public client (PKCE, `token_endpoint_auth_method: none`) and
 * keeps it in the strategy's store under its own key, so later runs (a file store) reuse
 * it. One registration at a time; a failed one is not remembered. The stored entry is a
 * `StoredToken` whose `accessToken` holds the client as JSON, so a store that encrypts
 * tokens encrypts it, secret included.
 */
export class ClientRegistration {
  readonly #strategy: string
  readonly #store: TokenStore
  readonly #request: RegistrationRequest
  #client: Promise<RegisteredClient> | undefined

  constructor(strategy: string, store: TokenStore, request: RegistrationRequest) {
    this.#strategy = strategy
    this.#store = store
    this.#request = request
  }

  /** The store key: one registration per issuer and redirect URIs. */
  key(issuer: URL): string {
    return ['oidc.registration', issuer.href, ...this.#request.redirectUris].join(' ')
  }

  /** The registered client, from the store or a new registration; its secret pinned for redaction. */
  async client(ctx: GrantContext, server: RegistrationServer): Promise<RegisteredClient> {
    this.#client ??= this.#load(ctx, server).catch((error: unknown) => {
      this.#client = undefined
      throw error
    })
    const registered = await this.#client
    if (registered.clientSecret !== undefined) ctx.flow.secret(registered.clientSecret)
    return registered
  }

  /** Forgets the registered client (the server no longer knows it): the next login registers again. */
  async forget(issuer: URL): Promise<void> {
    this.#client = undefined
    await this.#store.delete(this.key(issuer))
  }

  async #load(ctx: GrantContext, server: RegistrationServer): Promise<RegisteredClient> {
    const key = this.key(server.issuer)
    const known = decode(await this.#store.get(key), Date.now())
    if (known !== undefined) return known
    const endpoint = server.metadata.registration_endpoint
    if (typeof endpoint !== 'string')
      throw new AuthError(
        LOGIN_FAILED,
        `${this.#strategy}: no clientId is configured and ${server.issuer.origin} offers no client registration (no registration_endpoint)`,
      )
    const registered = await this.#register(ctx, server)
    await this.#store.set(key, encode(registered.client, registered.expiresAt))
    return registered.client
  }

  async #register(
    ctx: GrantContext,
    server: RegistrationServer,
  ): Promise<{ client: RegisteredClient; expiresAt: number }> {
    const { redirectUris, applicationType, clientName } = this.#request
    let configuration: client.Configuration
    try {
      configuration = await client.dynamicClientRegistration(
        server.issuer,
        {
          redirect_uris: [...redirectUris],
          application_type: applicationType,
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          ...(clientName !== undefined && { client_name: clientName }),
        },
        client.None(),
        {
          [client.customFetch]: grantFetch(ctx, {
            strategy: this.#strategy,
            unreachable: LOGIN_FAILED,
            sameOriginRedirects: 3,
          }),
          execute: [client.allowInsecureRequests],
          algorithm: server.algorithm,
        },
      )
    } catch (error) {
      throw toAuthError(error, this.#strategy, 'registration', ctx.flow.containsSecret)
    }
    const metadata = configuration.clientMetadata()
    const secret = typeof metadata.client_secret === 'string' ? metadata.client_secret : undefined
    // Pinned first: nothing below may show them (RFC 7592's token is not kept at all).
    if (secret !== undefined) ctx.flow.secret(secret)
    const management = (metadata as { registration_access_token?: unknown })
      .registration_access_token
    if (typeof management === 'string') ctx.flow.secret(management)
    const auth = authMethod(metadata.token_endpoint_auth_method, secret)
    if (auth === undefined)
      throw new AuthError(
        LOGIN_FAILED,
        `${this.#strategy}: the server registered the client with an authentication method the login cannot use`,
      )
    const expires = metadata.client_secret_expires_at
    return {
      client: { clientId: configuration.clientMetadata().client_id, clientSecret: secret, auth },
      expiresAt:
        secret !== undefined && typeof expires === 'number' && expires > 0 ? expires * 1000 : NEVER,
    }
  }
}

/** The authentication a registered client uses: what the server answered, if the login can. */
function authMethod(method: unknown, secret: string | undefined): ClientAuthMethod | undefined {
  if (method === undefined || method === 'none') return secret === undefined ? 'none' : undefined
  if (method === 'client_secret_basic' || method === 'client_secret_post')
    return secret === undefined ? undefined : method
  return undefined
}

function encode(registered: RegisteredClient, expiresAt: number): StoredToken {
  const { clientId, clientSecret, auth } = registered
  return {
    accessToken: JSON.stringify({
      client_id: clientId,
      token_endpoint_auth_method: auth,
      ...(clientSecret !== undefined && { client_secret: clientSecret }),
    }),
    tokenType: KIND,
    issuedAt: Date.now(),
    expiresAt,
  }
}

/** A stored client still valid at `now`; anything else (none, expired, not one) means register again. */
function decode(stored: StoredToken | undefined, now: number): RegisteredClient | undefined {
  if (stored === undefined || stored.tokenType !== KIND || stored.expiresAt <= now) return undefined
  let value: { client_id?: unknown; client_secret?: unknown; token_endpoint_auth_method?: unknown }
  try {
    value = JSON.parse(stored.accessToken)
  } catch {
    return undefined
  }
  if (typeof value?.client_id !== 'string' || value.client_id === '') return undefined
  const secret = typeof value.client_secret === 'string' ? value.client_secret : undefined
  const auth = authMethod(value.token_endpoint_auth_method, secret)
  return auth === undefined ? undefined : { clientId: value.client_id, clientSecret: secret, auth }
}
