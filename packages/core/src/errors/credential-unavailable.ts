import { AuthError, isAuthError } from './auth-error.js'
import { CREDENTIAL_UNAVAILABLE } from './codes.js'

/** A request-time failure of a function the user supplied; the message names no value. */
export function credentialUnavailable(
  strategy: string,
  message: string,
  cause?: unknown,
): AuthError {
  return new AuthError(
    CREDENTIAL_UNAVAILABLE,
    `${strategy}: ${message}`,
    cause === undefined ? {} : { cause },
  )
}

/**
 * Calls a function the user supplied for a request's credential. What it throws becomes
 * the `cause` of a `CREDENTIAL_UNAVAILABLE` naming `what`, so an operator can tell "your
 * callback failed" from a bad option or a server's refusal; Latchkey's own errors (an
 * abort, a token endpoint's answer inside the callback) go on as they are.
 */
export async function callSupplied<T>(
  strategy: string,
  what: string,
  call: () => T | Promise<T>,
): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (isAuthError(error)) throw error
    throw credentialUnavailable(strategy, `${what} failed`, error)
  }
}
