import { AuthError, DISCOVERY_FAILED, TOKEN_ENDPOINT_ERROR } from '@latchkey/core'
import { type GrantContext, parseTokenResponse, type TokenGrant } from '@latchkey/core/strategy'
import * as client from 'openid-client'
import { clientAuthentication } from './client-auth.js'
import type { ValidatedClient } from './config.js'
import { DPoPProver } from './dpop/prover.js'
import { Passthrough, toAuthError } from './errors.js'
import type { ClientRegistration } from './login/registration.js'
import { grantFetch } from './transport.js'

/** Same-origin redirects discovery follows before it gives up. */
const DISCOVERY_REDIRECTS = 3

/** A call to the token endpoint through openid-client. */
export type GrantCall = (
  config: client.Configuration,
  options: client.DPoPOptions,
) => Promise<client.TokenEndpointResponse>

/**
 * One OpenID client: its issuer's metadata (discovered once, when first needed), its
 * authentication and its DPoP key. Each grant gets an openid-client `Configuration` of
 * its own, bound to the raw transport and the timeout of the request that needed it.
 */
export class OidcClient {
  readonly strategy: string
  readonly dpop: DPoPProver | undefined
  readonly #config: ValidatedClient
  readonly #auth: () => Promise<client.ClientAuth>
  readonly #registration: ClientRegistration | undefined
  #metadata: Promise<client.ServerMetadata> | undefined
  /** Which discovery found the metadata: a registration discovers the same way. */
  #algorithm: 'oauth2' | 'oidc' = 'oidc'

  /** Without a client id in `config`, `registration` registers one (RFC 7591) when first needed. */
  constructor(strategy: string, config: ValidatedClient, registration?: ClientRegistration) {
    this.strategy = strategy
    this.#config = config
    this.#auth = clientAuthentication(strategy, config)
    this.#registration = registration
    this.dpop = config.dpop === undefined ? undefined : new DPoPProver(config.dpop)
  }

  /** The issuer's metadata, validated; a failed discovery is tried again next time. */
  metadata(ctx: GrantContext): Promise<client.ServerMetadata> {
    this.#metadata ??= this.#discover(ctx).catch((error: unknown) => {
      this.#metadata = undefined
      throw error
    })
    return this.#metadata
  }

  /** An openid-client configuration for one grant. */
  async configuration(ctx: GrantContext): Promise<client.Configuration> {
    // Registered before anything is sent: a server may echo it, raw, in an error.
    if (this.#config.clientSecret !== undefined) ctx.flow.secret(this.#config.clientSecret)
    const metadata = await this.metadata(ctx)
    const { clientId, auth } = await this.#identity(ctx, metadata)
    const config = new client.Configuration(metadata, clientId, undefined, auth)
    config[client.customFetch] = grantFetch(ctx, {
      strategy: this.strategy,
      unreachable: TOKEN_ENDPOINT_ERROR,
    })
    // Latchkey's transport policy decides about plain http (loopback, allowInsecureHttp).
    client.allowInsecureRequests(config)
    return config
  }

  /** Runs a grant and validates its answer into a token for the engine. */
  async grant(ctx: GrantContext, call: GrantCall): Promise<TokenGrant> {
    const config = await this.configuration(ctx)
    const options = this.dpop ? { DPoP: await this.dpop.handle(config) } : {}
    let response: client.TokenEndpointResponse
    try {
      response = await call(config, options)
    } catch (error) {
      if (error instanceof Passthrough) throw error.error
      const failure = toAuthError(error, this.strategy, 'token', ctx.flow.containsSecret)
      // A registered client the server no longer knows: the next login registers anew.
      if (
        this.#registration !== undefined &&
        (failure as AuthError).oauthError === 'invalid_client'
      )
        await this.#registration.forget(this.#config.issuer).catch(() => {})
      throw failure
    }
    const grant = parseTokenResponse(response, this.dpop ? ['DPoP'] : ['Bearer'])
    if (grant.refreshToken !== undefined) ctx.flow.secret(grant.refreshToken)
    return grant
  }

  /** `scope` and `resource` as configured, plus `extra`, without undefined values. */
  parameters(extra: Record<string, string | undefined> = {}): Record<string, string> {
    const all = { scope: this.#config.scope, resource: this.#config.resource, ...extra }
    return Object.fromEntries(
      Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined),
    )
  }

  /** The configured client, or the registered one. */
  async #identity(
    ctx: GrantContext,
    metadata: client.ServerMetadata,
  ): Promise<{ clientId: string; auth: client.ClientAuth }> {
    const { clientId } = this.#config
    if (clientId !== undefined || this.#registration === undefined)
      return { clientId: clientId as string, auth: await this.#auth() }
    const registered = await this.#registration.client(ctx, {
      issuer: this.#config.issuer,
      metadata,
      algorithm: this.#algorithm,
    })
    const auth = await clientAuthentication(this.strategy, {
      ...this.#config,
      auth: registered.auth,
      clientSecret: registered.clientSecret,
    })()
    return { clientId: registered.clientId, auth }
  }

  async #discover(ctx: GrantContext): Promise<client.ServerMetadata> {
    const { issuer } = this.#config
    // Discovery needs a client id; a registering client has none yet.
    const clientId = this.#config.clientId ?? 'unregistered'
    // A provider may redirect its discovery URL within its origin (to the slashed form).
    const fetch = grantFetch(ctx, {
      strategy: this.strategy,
      unreachable: DISCOVERY_FAILED,
      sameOriginRedirects: DISCOVERY_REDIRECTS,
    })
    const algorithms: ('oauth2' | 'oidc')[] =
      this.#config.discovery === 'openid'
        ? ['oidc']
        : this.#config.discovery === 'oauth'
          ? ['oauth2']
          : ['oauth2', 'oidc']
    let metadata: client.ServerMetadata | undefined
    for (const [index, algorithm] of algorithms.entries()) {
      try {
        const config = await client.discovery(issuer, clientId, undefined, undefined, {
          [client.customFetch]: fetch,
          execute: [client.allowInsecureRequests],
          algorithm,
        })
        metadata = config.serverMetadata()
        this.#algorithm = algorithm
        break
      } catch (error) {
        // `auto`: a server without RFC 8414 metadata (404) may still have OpenID's.
        const status =
          error instanceof client.ResponseBodyError
            ? error.status
            : (error as { cause?: { status?: unknown } }).cause?.status
        const notFound = status === 404
        if (index < algorithms.length - 1 && notFound) continue
        throw toAuthError(error, this.strategy, 'discovery', ctx.flow.containsSecret)
      }
    }
    if (metadata === undefined)
      throw new AuthError(DISCOVERY_FAILED, `${this.strategy}: no metadata document was found`)
    if (typeof metadata.token_endpoint !== 'string') {
      throw new AuthError(
        DISCOVERY_FAILED,
        `${this.strategy}: the discovery document has no token_endpoint`,
      )
    }
    return metadata
  }
}
