import type { StoredToken } from '@latchkey/core'
import { type AuthRequest, withHeaders } from '@latchkey/core/strategy'
import { base64url } from 'jose'
import type { CryptoKeyPair as WebCryptoKeyPair } from 'openid-client'
import * as client from 'openid-client'
import { NonceCache } from './nonces.js'

/** What signs proofs: the key, its WebCrypto signing parameters, and the encoded JWS header. */
interface Signer {
  readonly key: CryptoKey
  readonly params: AlgorithmIdentifier | RsaPssParams | EcdsaParams
  readonly header: string
}

const encoder = new TextEncoder()

/**
 * A DPoP key (RFC 9449) and what it signs: a fresh proof for every request a token goes
 * on, and the handle openid-client uses at the token endpoint, with the same key, so
 * tokens are bound to it. Proofs are compact JWS signed with WebCrypto directly: they
 * are on every request, so the header is encoded once and a token's hash is kept.
 */
export class DPoPProver {
  readonly #pair: () => Promise<WebCryptoKeyPair>
  readonly #nonces = new NonceCache()
  #signer: Promise<Signer> | undefined
  #handle: Promise<client.DPoPHandle> | undefined
  #hashed: { token: string; hash: Promise<string> } | undefined

  constructor(key: true | WebCryptoKeyPair) {
    let generated: Promise<WebCryptoKeyPair> | undefined
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
    this.#signer ??= this.#makeSigner()
    const signer = await this.#signer
    const nonce = this.#nonces.get(url.origin)
    const claims = {
      iat: Math.floor(Date.now() / 1000),
      jti: crypto.randomUUID(),
      htm: method,
      htu: `${url.origin}${url.pathname}`,
      ...(accessToken !== undefined && { ath: await this.#hash(accessToken) }),
      ...(nonce !== undefined && { nonce }),
    }
    const input = `${signer.header}.${base64url.encode(JSON.stringify(claims))}`
    const signature = await crypto.subtle.sign(signer.params, signer.key, encoder.encode(input))
    return `${input}.${base64url.encode(new Uint8Array(signature))}`
  }

  /** Remembers the nonce a server sent (`DPoP-Nonce`), on any response. */
  observe(url: URL, headers: Headers): void {
    const nonce = headers.get('dpop-nonce')
    if (nonce) this.#nonces.set(url.origin, nonce)
  }

  /** The token's SHA-256 (`ath`); the same token is hashed once. */
  #hash(token: string): Promise<string> {
    if (this.#hashed?.token !== token) this.#hashed = { token, hash: sha256(token) }
    return this.#hashed.hash
  }

  async #makeSigner(): Promise<Signer> {
    const { privateKey, publicKey } = await this.#pair()
    const { kty, crv, x, y, n, e } = await crypto.subtle.exportKey('jwk', publicKey)
    const jwk = Object.fromEntries(
      Object.entries({ kty, crv, x, y, n, e }).filter(([, value]) => value !== undefined),
    )
    const { alg, params } = signing(privateKey)
    const header = base64url.encode(JSON.stringify({ alg, typ: 'dpop+jwt', jwk }))
    return { key: privateKey, params, header }
  }
}

async function sha256(value: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(value))
  return base64url.encode(new Uint8Array(digest))
}

/** The JWS algorithm a WebCrypto signing key implies, and how WebCrypto signs with it. */
function signing(key: CryptoKey): { alg: string; params: Signer['params'] } {
  const algorithm = key.algorithm as { name: string; namedCurve?: string; hash?: { name: string } }
  const bits = algorithm.hash?.name.replace('SHA-', '') ?? '256'
  switch (algorithm.name) {
    case 'ECDSA': {
      const size = { 'P-256': '256', 'P-384': '384', 'P-521': '512' }[algorithm.namedCurve ?? '']
      return { alg: `ES${size}`, params: { name: 'ECDSA', hash: `SHA-${size}` } }
    }
    case 'RSASSA-PKCS1-v1_5':
      return { alg: `RS${bits}`, params: { name: algorithm.name } }
    case 'RSA-PSS':
      return { alg: `PS${bits}`, params: { name: 'RSA-PSS', saltLength: Number(bits) / 8 } }
    default:
      return { alg: 'EdDSA', params: { name: 'Ed25519' } }
  }
}
