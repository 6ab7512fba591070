import { parseChallenges } from './parse.js'
import type { Challenge } from './types.js'

/** The headers servers send challenges in: 401 and 407 responses. */
export type ChallengeHeader = 'www-authenticate' | 'proxy-authenticate'

/**
 * Every challenge of `scheme` (case-insensitive) in a response's headers, in the order the
 * server sent them. Repeated headers are read together.
 *
 * @example
 * ```ts
 * const [digest] = findChallenges(response.headers, 'Digest')
 * ```
 */
export function findChallenges(
  headers: Headers,
  scheme: string,
  header: ChallengeHeader = 'www-authenticate',
): Challenge[] {
  const wanted = scheme.toLowerCase()
  return parseChallenges(headers.get(header)).filter((challenge) => challenge.scheme === wanted)
}

/**
 * The first challenge of `scheme` in a response's headers, if any.
 *
 * @example
 * ```ts
 * const bearer = findChallenge(response.headers, 'Bearer')
 * if (bearer?.params.get('error') === 'invalid_token') refresh()
 * ```
 */
export function findChallenge(
  headers: Headers,
  scheme: string,
  header: ChallengeHeader = 'www-authenticate',
): Challenge | undefined {
  return findChallenges(headers, scheme, header)[0]
}
