import { callSupplied, credentialUnavailable } from '../errors/credential-unavailable.js'
import { invalidConfig } from '../errors/invalid-config.js'

/** A credential given as a value, or as a function called for every request. */
export type CredentialSource = string | (() => string | Promise<string>)

/**
 * Validates a credential source at construction (`INVALID_CONFIG`) and returns a reader
 * that validates again what a function returns: a function that throws or returns
 * something unusable fails the request with `CREDENTIAL_UNAVAILABLE`. Messages describe
 * the problem, never the value.
 */
export function credentialReader(
  strategy: string,
  source: CredentialSource,
  isValid: (value: string) => boolean,
  rule: string,
  /** What the messages call it: `the credential`, `subjectToken`. */
  what = 'the credential',
): () => Promise<string> {
  if (typeof source === 'string') {
    if (!isValid(source)) throw invalidConfig(strategy, `${what} must be ${rule}`)
    return () => Promise.resolve(source)
  }
  if (typeof source !== 'function') {
    throw invalidConfig(strategy, `${what} must be a string or a function returning one`)
  }
  const fn = what === 'the credential' ? 'the credential function' : `${what}()`
  return async () => {
    const value: unknown = await callSupplied(strategy, fn, source)
    if (typeof value !== 'string' || !isValid(value))
      throw credentialUnavailable(strategy, `${fn} must return ${rule}`)
    return value
  }
}
