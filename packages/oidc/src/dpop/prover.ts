import { type AuthRequest, type StoredToken, withHeaders } from '@latchkey/core'
import { base64url, exportJWK, type JWK, SignJWT } from 'jose'
import * as client from 'openid-client'
import { NonceCache } from './nonces.js'

/**
 * A DPoP key (RFC 9449) and what it signs: a fresh proof for every request a token goes
 * on, and the handle openid-client uses at the token endpoint, with the same key, so
 * tokens are bound to it.
 */
export class DPoPProver {
  readonly #pair: () => Promise<CryptoKeyPair>
  readonly #nonces = new NonceCache()
  #header: Promise<{ alg: string; typ: 'dpop+jwt'; jwk: JWK }> | undefined
  #handle: Promise<client.DPoPHandle> | undefined

  constructor(key: true | CryptoKeyPair) {
    let generated: Promise<CryptoKeyPair> | undefined
    this.#pair =
      key === true ? () => (generated ??= client.randomDPoPKeyPair('ES256')) : async () => key
  }

  /** openid-client's handle for token requests (it retries once on `use_dpop_nonce`). */
  async handle(config: client.Configuration): Promise<client.DPoPHandle> {
    this.#handle ??= this.#pair().then((pair) => client.getDPoPHandle(config, pair))
    return this.#handle
  }

  /**
   * `request` with `Authorization: DPoP <token>` and a proof of its own: a new `jti`,
   * its method and URL (no query or fragment), the token's hash, and the origin's
   * current nonce.
   */
  async present(request: AuthRequest, token: StoredToken): Promise<AuthRequest> {
    const proof = await this.proof(request.method, request.url, token.accessToken)
    return withHeaders(request, { authorization: `DPoP ${token.accessToken}`, dpop: proof })
  }

  async proof(method: string, url: URL, accessToken?: string): Promise<string> {
    const { privateKey } = await this.#pair()
    const header = await this.#protectedHeader()
    const nonce = this.#nonces.get(url.origin)
    const claims: Record<string, string> = { htm: method, htu: `${url.origin}${url.pathname}` }
    if (accessToken !== undefined) claims.ath = await sha256(accessToken)
    if (nonce !== undefined) claims.nonce = nonce
    return new SignJWT(claims)
      .setProtectedHeader(header)
      .setIssuedAt()
      .setJti(crypto.randomUUID())
      .sign(privateKey)
  }

  /** Remembers the nonce a server sent (`DPoP-Nonce`), on any response. */
  observe(url: URL, headers: Headers): void {
    const nonce = headers.get('dpop-nonce')
    if (nonce) this.#nonces.set(url.origin, nonce)
  }

  #protectedHeader() {
    this.#header ??= this.#pair().then(async ({ privateKey, publicKey }) => {
      const { kty, crv, x, y, n, e } = await exportJWK(publicKey)
      const jwk: JWK = Object.fromEntries(
        Object.entries({ kty, crv, x, y, n, e }).filter(([, value]) => value !== undefined),
      )
      return { alg: algorithmOf(privateKey), typ: 'dpop+jwt' as const, jwk }
    })
    return this.#header
  }
}

async function sha256(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value))
  return base64url.encode(new Uint8Array(digest))
}

/** The JWS algorithm a WebCrypto signing key implies. */
function algorithmOf(key: CryptoKey): string {
  const algorithm = key.algorithm as { name: string; namedCurve?: string; hash?: { name: string } }
  const bits = algorithm.hash?.name.replace('SHA-', '')
  switch (algorithm.name) {
    case 'ECDSA':
      return (
        { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[algorithm.namedCurve ?? ''] ??
        'ES256'
      )
    case 'RSASSA-PKCS1-v1_5':
      return `RS${bits}`
    case 'RSA-PSS':
      return `PS${bits}`
    case 'Ed25519':
      return 'EdDSA'
    default:
      return algorithm.name
  }
}
