import { BoundedMap } from '@latchkey/core/strategy'
/** Data a hash takes: text (hashed as UTF-8) or bytes. */
export type HashInput = string | ArrayBuffer | ArrayBufferView

/**
 * A SHA-256 hash, or HMAC-SHA256 when constructed with a secret: the shape of
 * `Sha256` from `@aws-crypto/sha256-js`, which can be passed instead.
 */
export interface Sha256Hash {
  /** Adds `data` to what is hashed. */
  update(data: Uint8Array): void
  /** The hash (or HMAC) of everything added. */
  digest(): Promise<Uint8Array>
  /** Starts again from nothing, keeping the secret. */
  reset(): void
}

/** A {@link Sha256Hash} class: with a secret it makes HMAC-SHA256, without one SHA-256. */
export type Sha256Constructor = new (secret?: HashInput) => Sha256Hash

const encoder = new TextEncoder()

/**
 * SHA-256 and HMAC-SHA256 on the platform's Web Crypto (`crypto.subtle`): native speed
 * for large bodies in Node.js and browsers alike. Web Crypto cannot hash incrementally,
 * so updates are collected and hashed at `digest()`.
 */
export class WebCryptoSha256 implements Sha256Hash {
  readonly #secret: Uint8Array<ArrayBuffer> | undefined
  #chunks: Uint8Array[] = []

  constructor(secret?: HashInput) {
    this.#secret = secret === undefined ? undefined : concat([bytesOf(secret)])
  }

  update(data: Uint8Array): void {
    this.#chunks.push(bytesOf(data))
  }

  async digest(): Promise<Uint8Array> {
    const data = concat(this.#chunks)
    const { subtle } = globalThis.crypto
    if (this.#secret === undefined) return new Uint8Array(await subtle.digest('SHA-256', data))
    return new Uint8Array(await subtle.sign('HMAC', await hmacKey(this.#secret), data))
  }

  reset(): void {
    this.#chunks = []
  }
}

/**
 * Imported HMAC keys, by key bytes. A signer uses the same few keys on every request (the
 * secret access key, the day's signing key), and importing one costs as much as using it.
 */
const importedKeys = new BoundedMap<string, Promise<CryptoKey>>(16)

function hmacKey(secret: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const id = String.fromCharCode(...secret)
  let key = importedKeys.get(id)
  if (key === undefined) {
    key = globalThis.crypto.subtle.importKey(
      'raw',
      secret,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    importedKeys.set(id, key)
  }
  return key
}

/** True where Web Crypto is usable (Node.js 20+, browsers in a secure context). */
export function hasWebCrypto(): boolean {
  return typeof globalThis.crypto?.subtle?.digest === 'function'
}

function bytesOf(data: HashInput): Uint8Array {
  if (typeof data === 'string') return encoder.encode(data)
  return ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data)
}

/** One copy, in a buffer of its own, which is also what Web Crypto takes. */
function concat(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0))
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}
