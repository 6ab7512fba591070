import { generateKeyPairSync, type KeyPairKeyObjectResult, randomBytes } from 'node:crypto'
import type { SignatureAlgorithm } from '@latchkey/http-signature'
import type { VerifierKey } from './verifier/verify.js'

/** A signing key for the client and the matching key for the server, for one algorithm. */
export interface TestKey {
  /** The `keyid` the client sends and the server looks the key up by. */
  readonly keyId: string
  /** The algorithm of this pair. */
  readonly algorithm: SignatureAlgorithm
  /** What the client signs with: PKCS#8 PEM, or HMAC secret bytes. */
  readonly signing: string | Uint8Array
  /** What the server verifies with. */
  readonly verifying: VerifierKey
}

/** Fresh keys for every algorithm, made with node:crypto (never with the signer's code). */
export function generateTestKeys(): Readonly<Record<SignatureAlgorithm, TestKey>> {
  const pair = (algorithm: SignatureAlgorithm, generated: KeyPairKeyObjectResult): TestKey => ({
    keyId: `client-${algorithm}`,
    algorithm,
    signing: generated.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    verifying: { algorithm, key: generated.publicKey },
  })
  const secret = new Uint8Array(randomBytes(32))
  return {
    ed25519: pair('ed25519', generateKeyPairSync('ed25519')),
    'ecdsa-p256-sha256': pair(
      'ecdsa-p256-sha256',
      generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    ),
    'ecdsa-p384-sha384': pair(
      'ecdsa-p384-sha384',
      generateKeyPairSync('ec', { namedCurve: 'P-384' }),
    ),
    'rsa-pss-sha512': pair('rsa-pss-sha512', generateKeyPairSync('rsa', { modulusLength: 2048 })),
    'rsa-v1_5-sha256': pair('rsa-v1_5-sha256', generateKeyPairSync('rsa', { modulusLength: 2048 })),
    'hmac-sha256': {
      keyId: 'client-hmac-sha256',
      algorithm: 'hmac-sha256',
      signing: secret,
      verifying: { algorithm: 'hmac-sha256', key: secret },
    },
  }
}

/** The server's key table for these keys. */
export function verifierKeys(keys: Readonly<Record<string, TestKey>>): Record<string, VerifierKey> {
  return Object.fromEntries(Object.values(keys).map((key) => [key.keyId, key.verifying]))
}
