import { AuthError } from '../errors/auth-error.js'
import { ABORTED } from '../errors/codes.js'

/**
 * Waits for a shared promise on behalf of one caller: if that caller's signal aborts, only
 * this wait rejects (`ABORTED`); the shared work and its other waiters carry on.
 */
export function waitFor<T>(shared: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return shared
  if (signal.aborted) return Promise.reject(aborted(signal))
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted(signal))
    signal.addEventListener('abort', onAbort, { once: true })
    shared.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

function aborted(signal: AbortSignal): AuthError {
  return new AuthError(ABORTED, 'The request was aborted while waiting for a token', {
    cause: signal.reason,
  })
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms))
}
