import { randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import type { Handler, Hop } from '@latchkey/conformance/kit'
import { decodeJwt } from 'jose'
import {
  allowInsecureRequests,
  clockSkew,
  type JWTAccessTokenClaims,
  validateJwtAccessToken,
} from 'oauth4webapi'

/** A request the API accepted: what the token and its DPoP proof said. */
export interface AcceptedRequest {
  /** Path and query requested. */
  readonly path: string
  /** The scheme the token came with. */
  readonly scheme: 'Bearer' | 'DPoP'
  /** The access token's claims (RFC 9068). */
  readonly claims: JWTAccessTokenClaims
  /** The DPoP proof's claims, for DPoP requests. */
  readonly proof?: {
    /** The proof's unique id. */
    readonly jti: string
    /** The method it was made for. */
    readonly htm: string
    /** The URL it was made for. */
    readonly htu: string
  }
}

/** A request the API refused, and why (`WWW-Authenticate` error, and the validator's reason). */
export interface RefusedRequest {
  /** Path and query requested. */
  readonly path: string
  /** The `error` of its `WWW-Authenticate` (`invalid_token`, `use_dpop_nonce`, ...). */
  readonly error: string
  /** Why the validator refused it, for test failure messages. */
  readonly reason: string
}

/** Switches a test flips on the API; `reset()` puts them back. */
export interface ResourceServerSettings {
  /** DPoP requests must carry the API's current nonce (`use_dpop_nonce` otherwise). */
  requireNonce: boolean
  /** Seconds the API's clock runs ahead: tokens that expire within it are refused as expired. */
  clockAhead: number
  /** Overrides the `resource_metadata` URL its 401s name (RFC 9728), e.g. on another origin. */
  metadataUrl: string | undefined
  /** Overrides the `resource` its metadata names (default: its own URL). */
  metadataResource: string | undefined
  /**
   * Step-up (RFC 9470): tokens whose `acr` is not this are refused with
   * `insufficient_user_authentication` and `acr_values` naming it.
   */
  requireAcr: string | undefined
}

/**
 * A protected API that validates RFC 9068 JWT access tokens from the provider (signature
 * against the provider's JWKS, issuer, audience, expiry) and, for sender-constrained
 * tokens, the DPoP proof (RFC 9449: `htm`, `htu`, `ath`, the key's thumbprint), its
 * nonce, and that its `jti` was never seen before.
 */
export interface ResourceServer {
  /** A conformance kit route: `kit.handle('/oidc-api', api.handler)` (its `path`). */
  readonly handler: Handler
  /** Where the API is mounted; with the origin, its RFC 9728 resource identifier. */
  readonly path: string
  /**
   * The API's protected resource metadata (RFC 9728), path-aware: mount it with
   * `kit.handle('/.well-known/oauth-protected-resource', api.metadataHandler)`. Its 401s
   * without a token name it in `resource_metadata`, and it names the provider.
   */
  readonly metadataHandler: Handler
  /** Switches a test flips. */
  readonly settings: ResourceServerSettings
  /** The nonce DPoP proofs must carry when `requireNonce` is on. */
  readonly nonce: string
  /**
   * Replaces the nonce. With `announce`, the current one is still accepted once more and
   * that response carries the new one in `DPoP-Nonce` (RFC 9449 section 9 allows a nonce
   * on any response); without, the old one is refused at once and clients learn the new
   * one from a `use_dpop_nonce` challenge.
   */
  rotateNonce(options?: { announce?: boolean }): void
  /** Requests accepted since the last reset, in order. */
  readonly accepted: readonly AcceptedRequest[]
  /** Requests refused since the last reset, in order. */
  readonly refused: readonly RefusedRequest[]
  /** Clears `accepted` and `refused`, puts settings back to their defaults, and issues a new nonce. */
  reset(): void
}

const WELL_KNOWN = '/.well-known/oauth-protected-resource'

const defaultSettings = (): ResourceServerSettings => ({
  requireNonce: false,
  clockAhead: 0,
  metadataUrl: undefined,
  metadataResource: undefined,
  requireAcr: undefined,
})

export function createResourceServer(options: {
  issuer: string
  audience: string
  path?: string
}): ResourceServer {
  const { issuer, audience, path = '/oidc-api' } = options
  const as = { issuer, jwks_uri: `${issuer}/jwks` }
  const settings = defaultSettings()
  const accepted: AcceptedRequest[] = []
  const refused: RefusedRequest[] = []
  const jtis = new Set<string>()
  let nonce = freshNonce()
  let next: string | undefined

  const refuse = (
    response: ServerResponse,
    hop: Hop,
    scheme: string,
    error: string,
    reason: string,
    headers: Record<string, string> = {},
  ) => {
    refused.push({ path: hop.path, error, reason })
    response.writeHead(401, {
      'www-authenticate': `${scheme} realm="api", error="${error}", algs="ES256 EdDSA RS256 PS256"`,
      'content-type': 'application/json',
      ...headers,
    })
    response.end(JSON.stringify({ error }))
  }

  const handler: Handler = async (hop, url, response) => {
    const authorization = hop.headers.authorization
    const proof = hop.headers.dpop
    const scheme = proof !== undefined || /^dpop /i.test(authorization ?? '') ? 'DPoP' : 'Bearer'
    if (authorization === undefined) {
      const metadata = settings.metadataUrl ?? `${url.origin}${WELL_KNOWN}${path}`
      response.writeHead(401, {
        'www-authenticate': `Bearer realm="api", resource_metadata="${metadata}", DPoP algs="ES256"`,
      })
      return void response.end()
    }
    const proofClaims = proof === undefined ? undefined : decodeProof(proof)
    if (proof !== undefined && settings.requireNonce && proofClaims?.nonce !== nonce) {
      return refuse(response, hop, 'DPoP', 'use_dpop_nonce', 'the proof has no current nonce', {
        'dpop-nonce': nonce,
      })
    }
    const request = new Request(url, {
      method: hop.method,
      headers: { authorization, ...(proof !== undefined && { dpop: proof }) },
    })
    let claims: JWTAccessTokenClaims
    try {
      // A token for the API's RFC 9728 identifier (its URL), or for its logical audience.
      const own = `${url.origin}${path}`
      const aud = decodeAudience(authorization)
      claims = await validateJwtAccessToken(as, request, aud === own ? own : audience, {
        [allowInsecureRequests]: true,
        [clockSkew]: settings.clockAhead,
      })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      const code = /dpop/i.test(reason) ? 'invalid_dpop_proof' : 'invalid_token'
      return refuse(response, hop, scheme, code, reason)
    }
    if (settings.requireAcr !== undefined && claims.acr !== settings.requireAcr) {
      return refuse(response, hop, scheme, 'insufficient_user_authentication', 'acr too weak', {
        'www-authenticate': `${scheme} error="insufficient_user_authentication", error_description="A stronger login is required", acr_values="${settings.requireAcr}"`,
      })
    }
    if (proofClaims !== undefined) {
      if (jtis.has(proofClaims.jti))
        return refuse(response, hop, 'DPoP', 'invalid_dpop_proof', 'the proof was replayed')
      jtis.add(proofClaims.jti)
    }
    accepted.push({
      path: hop.path,
      scheme: proof === undefined ? 'Bearer' : 'DPoP',
      claims,
      ...(proofClaims !== undefined && { proof: proofClaims }),
    })
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (next !== undefined) {
      nonce = next
      next = undefined
      headers['dpop-nonce'] = nonce
    }
    response.writeHead(200, headers)
    response.end(
      JSON.stringify({ sub: claims.sub, client_id: claims.client_id, scope: claims.scope }),
    )
  }

  const metadataHandler: Handler = (hop, url, response) => {
    if (hop.path !== `${WELL_KNOWN}${path}`) {
      response.writeHead(404)
      return void response.end()
    }
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(
      JSON.stringify({
        resource: settings.metadataResource ?? `${url.origin}${path}`,
        authorization_servers: [issuer],
        bearer_methods_supported: ['header'],
        scopes_supported: ['read', 'write'],
      }),
    )
  }

  return {
    handler,
    path,
    metadataHandler,
    settings,
    get nonce() {
      return nonce
    },
    rotateNonce(options = {}) {
      if (options.announce) next = freshNonce()
      else nonce = freshNonce()
    },
    accepted,
    refused,
    reset() {
      Object.assign(settings, defaultSettings())
      accepted.length = 0
      refused.length = 0
      nonce = freshNonce()
      next = undefined
    },
  }
}

function decodeAudience(authorization: string): unknown {
  try {
    return decodeJwt(authorization.replace(/^\S+\s+/, '')).aud
  } catch {
    return undefined
  }
}

function freshNonce(): string {
  return randomBytes(16).toString('base64url')
}

function decodeProof(
  proof: string,
): { jti: string; htm: string; htu: string; nonce?: string } | undefined {
  try {
    const { jti, htm, htu, nonce } = decodeJwt(proof)
    if (typeof jti !== 'string' || typeof htm !== 'string' || typeof htu !== 'string')
      return undefined
    return { jti, htm, htu, ...(typeof nonce === 'string' && { nonce }) }
  } catch {
    return undefined
  }
}
