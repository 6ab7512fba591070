import { findChallenges } from '../challenge/find.js'
import type { AuthResponse } from '../flow/types.js'

/**
 * Whether a response says the token itself was refused, so a new one may help (RFC 6750
 * section 3.1, RFC 9449 section 7.1): a 401 whose `Bearer` or `DPoP` challenge says
 * `invalid_token`, or a 401 whose challenges name no error at all. A 401 naming another
 * error (`invalid_request`) and any 403 (`insufficient_scope`) are not fixed by a new token.
 */
export function rejectsToken(response: AuthResponse): boolean {
  if (response.status !== 401) return false
  const errors = [
    ...findChallenges(response.headers, 'bearer'),
    ...findChallenges(response.headers, 'dpop'),
  ]
    .map((challenge) => challenge.params.get('error'))
    .filter((error) => error !== undefined)
  return errors.length === 0 || errors.includes('invalid_token')
}
