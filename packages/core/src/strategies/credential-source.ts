import { AuthError } from '../errors/auth-error.js'
import { INVALID_CONFIG } from '../errors/codes.js'
import { invalidConfig } from '../errors/invalid-config.js'

/** A credential given as a value, or as a function called for every request. */
export type CredentialSource = string | (() => string | Promise<string>)

/**
 * Validates a credential source at construction and returns a reader that validates
 * again what a function returns. Messages describe the problem, never the value.
 */
export function credentialReader(
  strategy: string,
  source: CredentialSource,
  isValid: (value: string) => boolean,
  rule: string,
): () => Promise<string> {
  if (typeof source === 'string') {
    if (!isValid(source)) throw invalidConfig(strategy, `the credential must be ${rule}`)
    return () => Promise.resolve(source)
  }
  if (typeof source !== 'function') {
    throw invalidConfig(strategy, 'expected a string or a function returning one')
  }
  return async () => {
    const value = await source()
    if (typeof value !== 'string' || !isValid(value)) {
      throw new AuthError(
        INVALID_CONFIG,
        `${strategy}: the credential function must return ${rule}`,
      )
    }
    return value
  }
}
