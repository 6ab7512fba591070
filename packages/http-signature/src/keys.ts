import { ALGORITHMS, type SignatureAlgorithm } from './algorithms.js'
import { invalid } from './errors.js'

/**
 * The signing key: a Web Crypto `CryptoKey` (private, or secret for HMAC, with the `sign`
 * usage), a private JWK, PKCS#8 PEM text (`-----BEGIN PRIVATE KEY-----`), or for
 * `hmac-sha256` the secret's bytes.
 */
export type SigningKeyInput = CryptoKey | JsonWebKey | string | Uint8Array

/** HMAC secrets shorter than the hash output are refused: they are guessable. */
const MIN_HMAC_BYTES = 32
const PKCS8 = /^-----BEGIN PRIVATE KEY-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END PRIVATE KEY-----\s*$/

/**
 * Checks the key against the algorithm at once, and returns how to import it. Importing
 * is asynchronous, so it happens on the first request; a failure there is also
 * `INVALID_CONFIG`. No message ever carries key material.
 */
export function keyImporter(
  input: SigningKeyInput,
  algorithm: SignatureAlgorithm,
): () => Promise<CryptoKey> {
  const spec = ALGORITHMS[algorithm]
  if (typeof CryptoKey !== 'undefined' && input instanceof CryptoKey) {
    checkCryptoKey(input, algorithm)
    return () => Promise.resolve(input)
  }
  if (input instanceof Uint8Array) {
    if (!spec.symmetric) throw invalid(`${algorithm} needs a private key, not bytes`)
    if (input.byteLength < MIN_HMAC_BYTES)
      throw invalid(`an hmac-sha256 secret must be at least ${MIN_HMAC_BYTES} bytes`)
    const bytes = new Uint8Array(input)
    return importing(
      () => crypto.subtle.importKey('raw', bytes, spec.importParams, false, ['sign']),
      algorithm,
    )
  }
  if (typeof input === 'string') {
    if (spec.symmetric) throw invalid('an hmac-sha256 secret is given as bytes (a Uint8Array)')
    const der = algorithm === 'rsa-pss-sha512' ? asRsaEncryption(pkcs8(input)) : pkcs8(input)
    return importing(
      () => crypto.subtle.importKey('pkcs8', der, spec.importParams, false, ['sign']),
      algorithm,
    )
  }
  if (typeof input === 'object' && input !== null) {
    const { alg: _alg, key_ops: _ops, use: _use, ...jwk } = input as JsonWebKey
    checkJwk(jwk, algorithm)
    return importing(
      () => crypto.subtle.importKey('jwk', jwk, spec.importParams, false, ['sign']),
      algorithm,
    )
  }
  throw invalid('key must be a CryptoKey, a private JWK, PKCS#8 PEM text or, for HMAC, bytes')
}

function importing(
  run: () => Promise<CryptoKey>,
  algorithm: SignatureAlgorithm,
): () => Promise<CryptoKey> {
  let imported: Promise<CryptoKey> | undefined
  return () => {
    // The platform's message could describe the material: replace it, keep no cause.
    imported ??= run().catch(() => {
      throw invalid(`the key could not be imported for ${algorithm}`)
    })
    return imported
  }
}

function checkCryptoKey(key: CryptoKey, algorithm: SignatureAlgorithm): void {
  const spec = ALGORITHMS[algorithm]
  const expected = spec.symmetric ? 'secret' : 'private'
  if (key.type !== expected)
    throw invalid(`${algorithm} needs a ${expected} CryptoKey, got a ${key.type} one`)
  if (!key.usages.includes('sign')) throw invalid('the CryptoKey does not allow the "sign" usage')
  const actual = key.algorithm as { name: string; namedCurve?: string; hash?: { name: string } }
  const matches =
    actual.name === spec.keyName &&
    (spec.curve === undefined || actual.namedCurve === spec.curve) &&
    (spec.hash === undefined || actual.hash?.name === spec.hash)
  if (!matches) throw invalid(`the CryptoKey is not a ${algorithm} key`)
}

function checkJwk(jwk: JsonWebKey, algorithm: SignatureAlgorithm): void {
  const spec = ALGORITHMS[algorithm]
  if (jwk.kty !== spec.jwk.kty || (spec.jwk.crv !== undefined && jwk.crv !== spec.jwk.crv)) {
    const wanted = spec.jwk.crv === undefined ? spec.jwk.kty : `${spec.jwk.kty} ${spec.jwk.crv}`
    throw invalid(`${algorithm} needs a ${wanted} JWK`)
  }
  const secret = spec.symmetric ? jwk.k : jwk.d
  if (typeof secret !== 'string' || secret === '')
    throw invalid(
      `the JWK has no private part ("${spec.symmetric ? 'k' : 'd'}"): a public key cannot sign`,
    )
}

function pkcs8(pem: string): Uint8Array<ArrayBuffer> {
  const match = PKCS8.exec(pem.trim())
  if (match?.[1] === undefined) {
    const label = /-----BEGIN ([A-Z ]+)-----/.exec(pem)?.[1]
    if (
      label === 'RSA PRIVATE KEY' ||
      label === 'EC PRIVATE KEY' ||
      label === 'ENCRYPTED PRIVATE KEY'
    ) {
      throw invalid(
        `a "${label}" PEM is not PKCS#8; convert it with \`openssl pkcs8 -topk8 -nocrypt\` or pass a JWK`,
      )
    }
    throw invalid('key text must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)')
  }
  try {
    const binary = atob(match[1].replace(/\s+/g, ''))
    return Uint8Array.from(binary, (char) => char.charCodeAt(0))
  } catch {
    throw invalid('the PKCS#8 PEM is not valid base64')
  }
}

/** `1.2.840.113549.1.1.10` (id-RSASSA-PSS), with no parameters, in a PKCS#8 AlgorithmIdentifier. */
const PSS_IDENTIFIER = [
  0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a,
]
/** `1.2.840.113549.1.1.1` (rsaEncryption) with NULL parameters. */
const RSA_IDENTIFIER = [
  0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
]

/**
 * Web Crypto imports RSA-PSS keys only under the rsaEncryption identifier, while
 * `openssl genpkey -algorithm RSA-PSS` (and RFC 9421's own test key) label them
 * id-RSASSA-PSS. The key inside is the same RSAPrivateKey: relabel it. Only the exact
 * parameterless form is rewritten; a PSS key with parameters is imported as it is (and refused).
 */
function asRsaEncryption(der: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  // SEQUENCE with a two-byte length, then version 0, then the AlgorithmIdentifier.
  const header = [0x30, 0x82]
  const version = [0x02, 0x01, 0x00]
  const identifierAt = 4 + version.length
  const matches =
    der[0] === header[0] &&
    der[1] === header[1] &&
    version.every((byte, i) => der[4 + i] === byte) &&
    PSS_IDENTIFIER.every((byte, i) => der[identifierAt + i] === byte)
  if (!matches) return der
  const length =
    (((der[2] as number) << 8) | (der[3] as number)) + RSA_IDENTIFIER.length - PSS_IDENTIFIER.length
  if (length > 0xffff) return der
  return Uint8Array.from([
    0x30,
    0x82,
    length >> 8,
    length & 0xff,
    ...version,
    ...RSA_IDENTIFIER,
    ...der.subarray(identifierAt + PSS_IDENTIFIER.length),
  ])
}
