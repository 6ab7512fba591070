import type { AuthErrorCode } from './codes.js'

const brand = Symbol.for('latchkey.error')

/** The response (status and headers only) that led to an error, when there was one. */
export interface AuthErrorResponse {
  /** The HTTP status. */
  readonly status: number
  /** The response headers (credentials in them redacted). */
  readonly headers: Headers
}

/** What {@link AuthError}'s constructor takes besides code and message. */
export interface AuthErrorOptions {
  /** The underlying error (a network failure, a listener's exception), kept as `error.cause`. */
  readonly cause?: unknown
  /** The response that led to the error. Kept non-enumerable so logging the error stays small. */
  readonly response?: AuthErrorResponse
  /** For token endpoint errors: the OAuth `error` code the server sent (`invalid_grant`, ...). */
  readonly oauthError?: string
  /** The HTTP status that led to the error, when there was one. */
  readonly status?: number
}

/**
 * The one error type Latchkey throws. Branch on {@link AuthError.code}.
 *
 * Messages never contain secrets: they name what went wrong and where, not with what.
 *
 * @example
 * ```ts
 * try { await api.get('me') } catch (error) {
 *   if (isAuthError(error) && error.code === INSECURE_TRANSPORT) { ... }
 * }
 * ```
 */
export class AuthError extends Error {
  /** Always `AuthError`, also across copies of core. */
  override readonly name = 'AuthError'
  /** What went wrong, stable across versions: branch on it (see the code constants, `INVALID_CONFIG`, `TOKEN_ENDPOINT_ERROR`, ...). */
  readonly code: AuthErrorCode
  /** For token endpoint errors: the OAuth `error` the server sent (`invalid_grant`, ...). */
  readonly oauthError: string | undefined
  /** The HTTP status that led to the error, when there was one. */
  readonly status: number | undefined
  /** The response (status and headers) that led to the error; non-enumerable, so logging the error stays small. */
  declare readonly response: AuthErrorResponse | undefined

  constructor(code: AuthErrorCode, message: string, options: AuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.oauthError = options.oauthError
    this.status = options.status ?? options.response?.status
    // A plain copy, headers included: callers (axios's dispatch among them) may write to
    // it, and scrubbing needs headers it can change (a fetch Response's are immutable).
    const response = options.response && {
      status: options.response.status,
      headers: new Headers(options.response.headers),
    }
    Object.defineProperty(this, 'response', { value: response, enumerable: false, writable: true })
    Object.defineProperty(this, brand, { value: true, enumerable: false })
  }
}

/**
 * True for any Latchkey error, even one created by another copy of `@latchkey/core`
 * (two versions installed side by side), where `instanceof` would say no.
 */
export function isAuthError(value: unknown): value is AuthError {
  return typeof value === 'object' && value !== null && brand in value
}
