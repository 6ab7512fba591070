/**
 * The algorithms of the HTTP Signature Algorithms registry (RFC 9421 section 6.2.2) and
 * how Web Crypto computes each: the parameters to import a key with and to sign with.
 * Web Crypto's ECDSA output is already the `r || s` form the RFC asks for.
 */
export type SignatureAlgorithm =
  | 'ed25519'
  | 'ecdsa-p256-sha256'
  | 'ecdsa-p384-sha384'
  | 'rsa-pss-sha512'
  | 'rsa-v1_5-sha256'
  | 'hmac-sha256'

export interface AlgorithmSpec {
  /** For `importKey`, and to check a given `CryptoKey` against. */
  readonly importParams:
    | AlgorithmIdentifier
    | RsaHashedImportParams
    | EcKeyImportParams
    | HmacImportParams
  readonly signParams: AlgorithmIdentifier | RsaPssParams | EcdsaParams
  /** What a JWK for this algorithm must say. */
  readonly jwk: { readonly kty: string; readonly crv?: string }
  /** The Web Crypto name and, where it matters, curve or hash, to check a `CryptoKey`. */
  readonly keyName: string
  readonly curve?: string
  readonly hash?: string
  readonly symmetric: boolean
}

export const ALGORITHMS: Readonly<Record<SignatureAlgorithm, AlgorithmSpec>> = {
  ed25519: {
    importParams: { name: 'Ed25519' },
    signParams: { name: 'Ed25519' },
    jwk: { kty: 'OKP', crv: 'Ed25519' },
    keyName: 'Ed25519',
    symmetric: false,
  },
  'ecdsa-p256-sha256': {
    importParams: { name: 'ECDSA', namedCurve: 'P-256' },
    signParams: { name: 'ECDSA', hash: 'SHA-256' },
    jwk: { kty: 'EC', crv: 'P-256' },
    keyName: 'ECDSA',
    curve: 'P-256',
    symmetric: false,
  },
  'ecdsa-p384-sha384': {
    importParams: { name: 'ECDSA', namedCurve: 'P-384' },
    signParams: { name: 'ECDSA', hash: 'SHA-384' },
    jwk: { kty: 'EC', crv: 'P-384' },
    keyName: 'ECDSA',
    curve: 'P-384',
    symmetric: false,
  },
  'rsa-pss-sha512': {
    importParams: { name: 'RSA-PSS', hash: 'SHA-512' },
    // RFC 9421 section 3.3.1: MGF1 with SHA-512 and a 64-byte salt.
    signParams: { name: 'RSA-PSS', saltLength: 64 },
    jwk: { kty: 'RSA' },
    keyName: 'RSA-PSS',
    hash: 'SHA-512',
    symmetric: false,
  },
  'rsa-v1_5-sha256': {
    importParams: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    signParams: { name: 'RSASSA-PKCS1-v1_5' },
    jwk: { kty: 'RSA' },
    keyName: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    symmetric: false,
  },
  'hmac-sha256': {
    importParams: { name: 'HMAC', hash: 'SHA-256' },
    signParams: { name: 'HMAC' },
    jwk: { kty: 'oct' },
    keyName: 'HMAC',
    hash: 'SHA-256',
    symmetric: true,
  },
}

export function isAlgorithm(value: unknown): value is SignatureAlgorithm {
  return typeof value === 'string' && Object.hasOwn(ALGORITHMS, value)
}
