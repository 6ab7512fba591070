import { isAuthError } from '@latchkey/core'
import type { Authenticator } from '@latchkey/core/adapter'

/**
 * What `withAuth` needs of a ky instance, in ky 1 and ky 2 alike: structural, so neither
 * major's own types are imported and a consumer's instance keeps its exact type.
 */
export interface KyInstanceLike {
  (input: never, options?: never): unknown
  /** ky's `extend()`, which `withAuth` uses to add its hooks. */
  extend(options: never): unknown
}

/** The instance options `withAuth` reads from the instance it extends. */
export interface KyParentOptions {
  readonly fetch?: typeof globalThis.fetch
  readonly retry?: unknown
}

interface RetryState {
  readonly error: unknown
  readonly retryCount: number
}

type ShouldRetry = (state: RetryState) => boolean | undefined | Promise<boolean | undefined>

/**
 * ky 1 retries any error its `fetch` throws as a network error, Latchkey's included. A
 * Latchkey `AuthError` is final (see README, "Guarantees"), so: `shouldRetry` (ky 1.13+ and
 * ky 2) refuses it before any delay, keeping the caller's own `shouldRetry` for the rest; and
 * a `beforeRetry` hook rethrows it, for older ky and a per-request `retry` that replaces the
 * instance's (hooks are appended, never replaced).
 */
export function retryGuards(retry: unknown) {
  const own =
    typeof retry === 'object' && retry !== null ? (retry as { shouldRetry?: unknown }) : {}
  const callers =
    typeof own.shouldRetry === 'function' ? (own.shouldRetry as ShouldRetry) : undefined
  const shouldRetry: ShouldRetry = (state) => (isAuthError(state.error) ? false : callers?.(state))
  return {
    // A number is ky's shorthand for the limit; the object form must keep it.
    retry: { ...(typeof retry === 'number' && { limit: retry }), shouldRetry },
    beforeRetry: ({ error }: RetryState): void => {
      if (isAuthError(error)) throw error
    },
  }
}

/**
 * ky's `beforeError` hook, scrubbing sent secrets from the error. ky 1 passes the error and
 * takes the error back; ky 2 passes `{ error, request, options, retryCount }` and takes an
 * Error (anything else keeps the error as it was).
 */
export function redactHook(auth: Authenticator) {
  return (argument: unknown): unknown => {
    if (argument instanceof Error) return auth.redact(argument)
    return auth.redact((argument as { error: unknown }).error)
  }
}
