import { AuthError } from './auth-error.js'
import { INVALID_CONFIG } from './codes.js'

/** Shorthand for the construction-time validation errors every factory throws. */
export function invalidConfig(strategy: string, message: string): AuthError {
  return new AuthError(INVALID_CONFIG, `${strategy}: ${message}`)
}
