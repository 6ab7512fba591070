import type { AuthStrategy } from './types.js'

/** Structural check, so strategies from another copy of `@latchkey/core` are accepted. */
export function isStrategy(value: unknown): value is AuthStrategy {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Partial<AuthStrategy>
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.flow === 'function' &&
    Array.isArray(candidate.secrets?.headers) &&
    Array.isArray(candidate.secrets?.query)
  )
}
