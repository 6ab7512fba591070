import { ABORTED, AuthError, type Clock, isAuthError, REFRESH_FAILED } from '@latchkey/core'
import { waitFor } from '@latchkey/core/strategy'
import {
  type AwsCredentialProvider,
  type AwsCredentials,
  assertCredentials,
} from './credentials.js'

/** Temporary credentials are replaced this long before they expire, as the AWS SDKs do. */
export const REFRESH_WINDOW_MS = 5 * 60 * 1000

/**
 * Credentials from a provider, cached until they come within the refresh window of
 * their `expiration` (credentials without one are kept for good).
 *
 * Single-flight: however many requests find the cache cold or expiring, the provider
 * is called once and they all wait for that call. Each waiter may abort on its own
 * without cancelling the others. When a refresh ahead of expiry fails, requests keep
 * using the current credentials while they are valid; the next request tries again.
 */
export class CredentialCache {
  readonly #provider: AwsCredentialProvider
  readonly #windowMs: number
  #current: AwsCredentials | undefined
  #pending: Promise<AwsCredentials> | undefined

  constructor(provider: AwsCredentialProvider, windowMs = REFRESH_WINDOW_MS) {
    this.#provider = provider
    this.#windowMs = windowMs
  }

  /** Current credentials, asking the provider only when they are missing or expiring. */
  async get(clock: Clock, signal?: AbortSignal): Promise<AwsCredentials> {
    const current = this.#current
    if (current !== undefined && !this.#expiring(current, clock.now())) return current
    this.#pending ??= this.#resolve(clock).finally(() => {
      this.#pending = undefined
    })
    try {
      return await waitFor(this.#pending, signal)
    } catch (error) {
      const aborted = isAuthError(error) && error.code === ABORTED
      if (current !== undefined && !aborted && !expired(current, clock.now())) return current
      throw error
    }
  }

  async #resolve(clock: Clock): Promise<AwsCredentials> {
    let resolved: unknown
    try {
      resolved = await this.#provider()
    } catch (cause) {
      throw new AuthError(REFRESH_FAILED, 'awsSigV4: the credential provider failed', { cause })
    }
    assertCredentials(resolved, 'the credential provider returned unusable credentials')
    if (expired(resolved, clock.now())) {
      throw new AuthError(
        REFRESH_FAILED,
        'awsSigV4: the credential provider returned credentials that have already expired',
      )
    }
    // A copy: what the provider does with its object afterwards cannot change what is signed.
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = resolved
    this.#current = Object.freeze({
      accessKeyId,
      secretAccessKey,
      ...(sessionToken !== undefined && { sessionToken }),
      ...(expiration !== undefined && { expiration: new Date(expiration) }),
    })
    return this.#current
  }

  #expiring(credentials: AwsCredentials, now: number): boolean {
    const { expiration } = credentials
    return expiration !== undefined && expiration.getTime() - this.#windowMs <= now
  }
}

function expired(credentials: AwsCredentials, now: number): boolean {
  const { expiration } = credentials
  return expiration !== undefined && expiration.getTime() <= now
}
