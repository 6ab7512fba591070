import { md5 } from '@noble/hashes/legacy.js'
import { sha256, sha512_256 } from '@noble/hashes/sha2.js'
import { hex } from '../util/hex.js'

/** The algorithms of RFC 7616 section 6.1, with their session variants. */
export type DigestAlgorithmName =
  | 'MD5'
  | 'MD5-sess'
  | 'SHA-256'
  | 'SHA-256-sess'
  | 'SHA-512-256'
  | 'SHA-512-256-sess'

export interface DigestAlgorithm {
  readonly name: DigestAlgorithmName
  /** Lower-case hex of the hash of `data`. */
  readonly hash: (data: Uint8Array) => string
  /** A `-sess` variant: A1 also covers the nonce and cnonce. */
  readonly session: boolean
  /** Higher is stronger: how a client picks among several challenges. */
  readonly strength: number
}

// @noble/hashes (audited, synchronous, no dependencies): WebCrypto lacks MD5 and
// SHA-512/256, and its asynchronous SHA-256 costs more per call than hashing the few bytes
// Digest needs.
const hashes = {
  MD5: { digest: md5, strength: 1 },
  'SHA-256': { digest: sha256, strength: 2 },
  'SHA-512-256': { digest: sha512_256, strength: 3 },
} as const

/** Every algorithm, by name. */
export const DIGEST_ALGORITHMS: readonly DigestAlgorithmName[] = [
  'SHA-512-256',
  'SHA-512-256-sess',
  'SHA-256',
  'SHA-256-sess',
  'MD5',
  'MD5-sess',
]

/** The algorithm a challenge names (case-insensitive; absent means MD5), if supported. */
export function digestAlgorithm(name: string | undefined): DigestAlgorithm | undefined {
  const wanted = (name ?? 'MD5').toUpperCase()
  const found = DIGEST_ALGORITHMS.find((candidate) => candidate.toUpperCase() === wanted)
  if (found === undefined) return undefined
  const session = found.endsWith('-sess')
  const base = hashes[(session ? found.slice(0, -5) : found) as keyof typeof hashes]
  return {
    name: found,
    hash: (data) => hex(base.digest(data)),
    session,
    strength: base.strength,
  }
}
