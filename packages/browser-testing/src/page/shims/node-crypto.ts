/**
 * The node:crypto calls the conformance kit's handlers make (Digest and SigV4 checks run
 * in the page with the scenarios), on @noble/hashes: like node:crypto, it shares no code
 * with the core hashes it judges.
 */
import { hmac } from '@noble/hashes/hmac.js'
import { md5 } from '@noble/hashes/legacy.js'
import { sha256, sha512_256 } from '@noble/hashes/sha2.js'
import { randomBytes as random } from '@noble/hashes/utils.js'
import { Buffer } from 'buffer'

const hashes = { md5, sha256, 'sha512-256': sha512_256 } as const
type Name = keyof typeof hashes
type Data = string | Uint8Array

const bytes = (data: Data) => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data)

class Digest {
  readonly #parts: Uint8Array[] = []
  constructor(readonly compute: (data: Uint8Array) => Uint8Array) {}
  update(data: Data): this {
    this.#parts.push(bytes(data))
    return this
  }
  digest(): Buffer
  digest(encoding: 'hex' | 'base64'): string
  digest(encoding?: 'hex' | 'base64'): Buffer | string {
    const out = Buffer.from(this.compute(Buffer.concat(this.#parts)))
    return encoding === undefined ? out : out.toString(encoding)
  }
}

function hashNamed(name: string): (typeof hashes)[Name] {
  const hash = hashes[name as Name]
  if (hash === undefined) throw new Error(`node:crypto shim: no hash ${name}`)
  return hash
}

export function createHash(name: string): Digest {
  return new Digest(hashNamed(name))
}

export function createHmac(name: string, key: Data): Digest {
  return new Digest((data) => hmac(hashNamed(name), bytes(key), data))
}

export function randomBytes(size: number): Buffer {
  return Buffer.from(random(size))
}

export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) throw new RangeError('Input buffers must have the same byte length')
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number)
  return difference === 0
}

/** Key generation: only the kit (in Node.js) and the client-certificate scenarios use it. */
const keysUnavailable = (): never => {
  throw new Error('node:crypto shim: no key generation in a page (the kit runs in Node.js)')
}
export const generateKeyPair = keysUnavailable
export const generateKeyPairSync = keysUnavailable
export const createPrivateKey = keysUnavailable
