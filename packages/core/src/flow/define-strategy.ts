import type { AuthStrategy } from './types.js'

/**
 * Freezes a strategy (and its secret placement) so it can be shared between clients
 * without anyone changing it underneath them. Also gives flows their parameter types.
 */
export function defineStrategy(strategy: AuthStrategy): AuthStrategy {
  const { secrets } = strategy
  return Object.freeze({
    ...strategy,
    secrets: Object.freeze({
      headers: Object.freeze(secrets.headers.map((name) => name.toLowerCase())),
      query: Object.freeze([...secrets.query]),
      ...(secrets.tls === true && { tls: true }),
      ...(secrets.carried !== undefined && {
        carried: Object.freeze(secrets.carried.map((name) => name.toLowerCase())),
      }),
    }),
  })
}
