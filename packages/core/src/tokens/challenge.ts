import type { AuthResponse } from '../flow/types.js'

const errorParam = /(?:^|[\s,])error\s*=\s*(?:"([^"]*)"|([^\s,"]+))/i

/**
 * Whether a response says the token itself was refused, so a new one may help (RFC 6750
 * section 3.1): a 401 whose challenge says `invalid_token`, or a bare 401. A 401 naming
 * another error (`invalid_request`) and any 403 (`insufficient_scope`) will not be
 * fixed by a new token.
 */
export function rejectsToken(response: AuthResponse): boolean {
  if (response.status !== 401) return false
  const challenge = response.headers.get('www-authenticate')
  if (challenge === null) return true
  const match = errorParam.exec(challenge)
  const error = match?.[1] ?? match?.[2]
  return error === undefined || error === 'invalid_token'
}
