import { type AuthError, isAuthError } from './auth-error.js'

/** How far down a cause chain to look: clients wrap an agent's error once or twice. */
const DEPTH = 4

/**
 * The `AuthError` a client wrapped in its own error (undici's `fetch failed`, an
 * `AxiosError`, got's `RequestError`): one raised below the client, by a Latchkey agent or
 * connector (a proxy's refused credentials). It is thrown as itself, typed, rather than
 * as the client's generic network error.
 */
export function authErrorRaisedBelow(error: unknown): AuthError | undefined {
  let current = error
  for (let depth = 0; depth <= DEPTH && typeof current === 'object' && current !== null; depth++) {
    if (isAuthError(current)) return current
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}
