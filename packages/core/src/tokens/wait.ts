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

/** Resolves after `ms`, or rejects early with `signal`'s reason. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
