import { sha256 } from './sha256.js'

const encoder = new TextEncoder()

/**
 * A short, one-way fingerprint of a secret, for keys that must tell secrets apart without
 * holding them (a token store key per refresh token).
 */
export function fingerprint(secret: string): string {
  return [...sha256(encoder.encode(secret)).subarray(0, 12)]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('')
}

/** A random identifier, from the platform's cryptographic source. */
export function randomId(): string {
  return [...crypto.getRandomValues(new Uint8Array(12))]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('')
}
