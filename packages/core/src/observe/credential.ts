import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import type { AuthRequest, SecretPlacement } from '../flow/types.js'
import { ALWAYS_STRIPPED } from '../policy/redirect.js'
import { hex } from '../util/hex.js'

const encoder = new TextEncoder()
/**
 * Keyed, so a fingerprint in a log cannot be checked against guesses (a weak password
 * under Basic): random per process unless the application sets one, e.g. to correlate
 * one token's use across a fleet.
 */
let key: Uint8Array = crypto.getRandomValues(new Uint8Array(32))

/** Sets the key of {@link credentialFingerprint} (at least 16 characters): same key, same fingerprints. */
export function setFingerprintKey(value: string): void {
  if (typeof value !== 'string' || value.length < 16)
    throw new TypeError('setFingerprintKey: expected a string of at least 16 characters')
  key = encoder.encode(value)
}

/**
 * A short one-way name for a credential (16 hex digits), the only form in which a token
 * or a credential appears in channel messages and the audit trail. An auth scheme in front
 * (`Bearer x`) is left out, so a request's credential and the token it carries match.
 */
export function credentialFingerprint(secret: string): string {
  const space = secret.indexOf(' ')
  const value = space > 0 ? secret.slice(space + 1) : secret
  return hex(hmac(sha256, key, encoder.encode(value)).subarray(0, 8))
}

/**
 * The fingerprint of what a strategy put on `sent` in the places it declares (and the
 * always-credential headers), compared with the request before it ran; null if nothing.
 */
export function presentedCredential(
  clean: AuthRequest,
  sent: AuthRequest,
  secrets: SecretPlacement,
): string | null {
  const values: string[] = []
  const headers = new Set([...ALWAYS_STRIPPED, ...secrets.headers.map((h) => h.toLowerCase())])
  for (const name of [...headers].sort()) {
    const value = sent.headers.get(name)
    if (value !== null && value !== clean.headers.get(name)) values.push(value)
  }
  for (const name of [...secrets.query].sort()) {
    const value = sent.url.searchParams.get(name)
    if (value !== null && value !== clean.url.searchParams.get(name)) values.push(value)
  }
  if (values.length === 0) return null
  // Several (an API key and a bearer token in a chain): one fingerprint for the set.
  return credentialFingerprint(values.length === 1 ? (values[0] as string) : values.join('\n'))
}
