import { AuthError, INVALID_CONFIG, UNSIGNABLE_REQUEST } from '@latchkey/core'

/** A configuration error, thrown when the strategy is built (or its key first imported). */
export function invalid(message: string): AuthError {
  return new AuthError(INVALID_CONFIG, `httpSignature: ${message}`)
}

/** This request cannot be signed as configured; thrown before anything is sent. */
export function unsignable(message: string): AuthError {
  return new AuthError(UNSIGNABLE_REQUEST, `httpSignature: ${message}`)
}
