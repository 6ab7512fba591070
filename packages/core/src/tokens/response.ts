import { AuthError } from '../errors/auth-error.js'
import { INVALID_TOKEN_RESPONSE } from '../errors/codes.js'
import { isCredentialToken } from '../util/syntax.js'
import type { TokenGrant } from './token.js'

/** Token types a strategy can present; others are rejected rather than sent wrongly. */
export type TokenType = 'Bearer' | 'DPoP'

const canonical: Record<string, TokenType> = { bearer: 'Bearer', dpop: 'DPoP' }

/**
 * Validates a token endpoint's JSON (RFC 6749 section 5.1) into a {@link TokenGrant}.
 *
 * `access_token` must be a non-empty string; `token_type` is required and compared
 * case-insensitively against `accepted`; `expires_in` may be a number or a numeric string,
 * never negative or NaN, and may be absent. Every failure is `INVALID_TOKEN_RESPONSE`,
 * whose message names the field, never its value.
 */
export function parseTokenResponse(
  body: unknown,
  accepted: readonly TokenType[] = ['Bearer'],
): TokenGrant {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('the token response is not a JSON object')
  }
  const fields = body as Record<string, unknown>
  const accessToken = fields.access_token
  if (typeof accessToken !== 'string' || !isCredentialToken(accessToken)) {
    throw invalid('access_token is missing, empty, or not of visible ASCII characters')
  }
  if (typeof fields.token_type !== 'string') throw invalid('token_type is missing')
  const tokenType = canonical[fields.token_type.toLowerCase()]
  if (tokenType === undefined || !accepted.includes(tokenType)) {
    throw invalid(`token_type is not one this strategy can use (${accepted.join(', ')})`)
  }
  const refreshToken = optionalString(fields, 'refresh_token')
  const scope = optionalString(fields, 'scope')
  return { accessToken, tokenType, expiresIn: expiresIn(fields.expires_in), refreshToken, scope }
}

function expiresIn(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  const seconds =
    typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw invalid('expires_in is not a non-negative number')
  }
  return seconds
}

function optionalString(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string' || value.length === 0)
    throw invalid(`${name} is not a non-empty string`)
  return value
}

function invalid(message: string): AuthError {
  return new AuthError(INVALID_TOKEN_RESPONSE, `Invalid token response: ${message}`)
}
