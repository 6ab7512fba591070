/**
 * The error codes OAuth registers for token, device and resource responses: RFC 6749
 * (5.2, 4.1.2.1), RFC 6750 (3.1), RFC 8628 (3.5), RFC 9449 (DPoP) and RFC 8693.
 */
const REGISTERED = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'unsupported_response_type',
  'server_error',
  'temporarily_unavailable',
  'invalid_token',
  'insufficient_scope',
  'authorization_pending',
  'slow_down',
  'expired_token',
  'invalid_dpop_proof',
  'use_dpop_nonce',
  'invalid_target',
])

/** What replaces an `error` value that cannot be passed on (see {@link oauthErrorCode}). */
export const UNREGISTERED_ERROR = 'unregistered_error'

/**
 * A well-formed extension code: the shape registered codes have (lower-case words joined
 * by `_`), short. RFC 6749 allows far more characters, which is room for a token.
 */
const extensionCode = /^[a-z][a-z0-9]*(?:_[a-z0-9]+){0,7}$/

/**
 * The one place that decides which `error` a server sent may appear in an `AuthError`
 * (`oauthError`, the message) or a `failed` event: a registered code as it is; a
 * well-formed extension code of at most 40 characters that contains no registered secret;
 * anything else becomes `unregistered_error`. No value (or a non-string) gives `undefined`.
 */
export function oauthErrorCode(
  value: unknown,
  containsSecret: (text: string) => boolean,
): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined
  if (REGISTERED.has(value)) return value
  if (value.length <= 40 && extensionCode.test(value) && !containsSecret(value)) return value
  return UNREGISTERED_ERROR
}
