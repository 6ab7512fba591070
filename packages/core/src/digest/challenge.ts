import type { Challenge } from '../challenge/types.js'
import { type DigestAlgorithm, type DigestAlgorithmName, digestAlgorithm } from './algorithms.js'

export type Qop = 'auth' | 'auth-int'

/** A Digest challenge this client can answer (RFC 7616 section 3.3). */
export interface DigestChallenge {
  readonly realm: string
  readonly nonce: string
  readonly opaque: string | undefined
  readonly algorithm: DigestAlgorithm
  /** The qop values offered that are understood; `undefined` when the server sent no qop (RFC 2069). */
  readonly qops: readonly Qop[] | undefined
  readonly userhash: boolean
  /** `charset=UTF-8` (RFC 7616 section 4): the server reads `username*`. */
  readonly utf8: boolean
  readonly stale: boolean
  /** The `domain` parameter: URIs of the protection space, space-separated. */
  readonly domain: string | undefined
}

/** The Digest challenge to answer: the strongest algorithm allowed; among equals, the server's first. */
export function chooseChallenge(
  challenges: readonly Challenge[],
  allowed: ReadonlySet<DigestAlgorithmName>,
): DigestChallenge | undefined {
  let best: DigestChallenge | undefined
  for (const challenge of challenges) {
    const candidate = readChallenge(challenge, allowed)
    if (
      candidate &&
      (best === undefined || candidate.algorithm.strength > best.algorithm.strength)
    ) {
      best = candidate
    }
  }
  return best
}

/** A Digest challenge as one this client can answer, or `undefined` when it cannot. */
function readChallenge(
  challenge: Challenge,
  allowed: ReadonlySet<DigestAlgorithmName>,
): DigestChallenge | undefined {
  const { params } = challenge
  const realm = params.get('realm')
  const nonce = params.get('nonce')
  const algorithm = digestAlgorithm(params.get('algorithm'))
  if (challenge.scheme !== 'digest' || realm === undefined || nonce === undefined) return undefined
  if (algorithm === undefined || !allowed.has(algorithm.name)) return undefined
  const qop = params.get('qop')
  let qops: Qop[] | undefined
  if (qop !== undefined) {
    const offered = qop.split(',').map((value) => value.trim().toLowerCase())
    qops = (['auth-int', 'auth'] as const).filter((value) => offered.includes(value))
    if (qops.length === 0) return undefined
  } else if (algorithm.session) {
    // A -sess A1 needs a cnonce, which RFC 2069 (no qop) does not allow sending.
    return undefined
  }
  return {
    realm,
    nonce,
    opaque: params.get('opaque'),
    algorithm,
    qops,
    userhash: params.get('userhash')?.toLowerCase() === 'true',
    utf8: params.get('charset')?.toLowerCase() === 'utf-8',
    stale: params.get('stale')?.toLowerCase() === 'true',
    domain: params.get('domain'),
  }
}
