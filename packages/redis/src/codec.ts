import { AuthError, INVALID_CONFIG, type StoredToken } from '@latchkey/core'

/** An AES-256-GCM key: 32 raw bytes, or a Web Crypto key made for AES-GCM. */
export type EncryptionKey = Uint8Array | CryptoKey

const IV_BYTES = 12

/**
 * How a token is written into Redis: JSON (`p:`), or, when keys are given, AES-GCM sealed
 * with the first key (`e:`, base64 of IV and ciphertext), bound to its store key by the
 * additional data so a sealed token copied under another identity does not open. Every
 * key opens; one that opens nothing, or a token that is not sealed, reads as a miss.
 */
export class TokenCodec {
  readonly #keys: Promise<CryptoKey[]>
  readonly #sealed: boolean

  /** Throws `INVALID_CONFIG` at once for a key of the wrong size or kind. */
  constructor(keys: readonly EncryptionKey[] = []) {
    this.#sealed = keys.length > 0
    this.#keys = Promise.all(keys.map(importKey))
  }

  async encode(token: StoredToken, id: string): Promise<string> {
    const json = JSON.stringify(token)
    if (!this.#sealed) return `p:${json}`
    const [key] = await this.#keys
    const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(id) },
      key as CryptoKey,
      new TextEncoder().encode(json),
    )
    return `e:${Buffer.concat([iv, new Uint8Array(sealed)]).toString('base64')}`
  }

  async decode(data: string, id: string): Promise<StoredToken | undefined> {
    if (!this.#sealed) return data.startsWith('p:') ? parse(data.slice(2)) : undefined
    if (!data.startsWith('e:')) return undefined
    const bytes = Buffer.from(data.slice(2), 'base64')
    const iv = bytes.subarray(0, IV_BYTES)
    const sealed = bytes.subarray(IV_BYTES)
    for (const key of await this.#keys) {
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(id) },
          key,
          sealed,
        )
        return parse(new TextDecoder().decode(plain))
      } catch {
        // Not this key: try the next one.
      }
    }
    return undefined
  }
}

function importKey(key: EncryptionKey): Promise<CryptoKey> {
  if (key instanceof Uint8Array && key.byteLength === 32) {
    return crypto.subtle.importKey('raw', new Uint8Array(key), 'AES-GCM', false, [
      'encrypt',
      'decrypt',
    ])
  }
  if (
    typeof CryptoKey !== 'undefined' &&
    key instanceof CryptoKey &&
    key.algorithm.name === 'AES-GCM'
  ) {
    return Promise.resolve(key)
  }
  throw new AuthError(
    INVALID_CONFIG,
    'redisStore: each encryption key must be 32 bytes (AES-256) or an AES-GCM CryptoKey',
  )
}

/** A token as stored, or a miss for anything else (never an exception). */
function parse(json: string): StoredToken | undefined {
  try {
    const value: unknown = JSON.parse(json)
    const token = value as Partial<StoredToken> | null
    if (
      typeof token?.accessToken === 'string' &&
      typeof token.tokenType === 'string' &&
      typeof token.issuedAt === 'number' &&
      typeof token.expiresAt === 'number'
    ) {
      return token as StoredToken
    }
  } catch {
    // Not JSON: a miss.
  }
  return undefined
}
