import { importJWK, importPKCS8 } from 'jose'
import * as client from 'openid-client'
import { invalid, type PrivateKeyInput, type ValidatedClient } from './config.js'

/** Algorithms tried, in order, for a PEM key given without `keyAlgorithm`. */
const PEM_ALGORITHMS = ['RS256', 'ES256', 'ES384', 'ES512', 'EdDSA']

/**
 * The openid-client authentication for a validated client. A private key is imported
 * once, when first needed; a key that cannot be imported fails with `INVALID_CONFIG`
 * (and the message never includes the key).
 */
export function clientAuthentication(
  strategy: string,
  config: ValidatedClient,
): () => Promise<client.ClientAuth> {
  switch (config.auth) {
    case 'client_secret_basic':
      return once(async () => client.ClientSecretBasic(config.clientSecret as string))
    case 'client_secret_post':
      return once(async () => client.ClientSecretPost(config.clientSecret as string))
    case 'none':
      return once(async () => client.None())
    case 'private_key_jwt':
      return once(async () => {
        const key = await importPrivateKey(
          strategy,
          config.privateKey as PrivateKeyInput,
          config.keyAlgorithm,
        )
        const kid = config.keyId ?? (config.privateKey as { kid?: unknown }).kid
        return client.PrivateKeyJwt(typeof kid === 'string' ? { key, kid } : key)
      })
  }
}

export async function importPrivateKey(
  strategy: string,
  input: PrivateKeyInput,
  algorithm: string | undefined,
): Promise<CryptoKey> {
  if (input instanceof CryptoKey) return input
  try {
    if (typeof input === 'string') {
      for (const alg of algorithm ? [algorithm] : PEM_ALGORITHMS) {
        const key = await importPKCS8(input, alg).catch(() => undefined)
        if (key !== undefined) return key
      }
      throw new Error('no algorithm fits')
    }
    const alg = algorithm ?? (input as { alg?: string }).alg ?? jwkAlgorithm(input)
    const key = await importJWK(input as Parameters<typeof importJWK>[0], alg)
    if (!(key instanceof CryptoKey)) throw new Error('not an asymmetric key')
    return key
  } catch {
    throw invalid(strategy, 'privateKey could not be imported (check the key and keyAlgorithm)')
  }
}

/** The usual JWS algorithm for a JWK that does not name one. */
function jwkAlgorithm(jwk: JsonWebKey): string | undefined {
  if (jwk.kty === 'RSA') return 'RS256'
  if (jwk.kty === 'OKP') return 'EdDSA'
  if (jwk.kty === 'EC')
    return { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[jwk.crv ?? '']
  return undefined
}

/** Runs `make` once; a failure is not remembered, so the next call tries again. */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined
  return () => {
    value ??= make().catch((error: unknown) => {
      value = undefined
      throw error
    })
    return value
  }
}
