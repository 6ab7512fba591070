import { sha256 } from '@noble/hashes/sha2.js'
import { hex } from './hex.js'

const encoder = new TextEncoder()

/**
 * A short, one-way fingerprint of a secret, for keys that must tell secrets apart without
 * holding them (a token store key per refresh token).
 */
export function fingerprint(secret: string): string {
  return hex(sha256(encoder.encode(secret)).subarray(0, 12))
}

/** A random identifier, from the platform's cryptographic source. */
export function randomId(): string {
  return hex(crypto.getRandomValues(new Uint8Array(12)))
}
