import type { AuthStrategy, SecretPlacement } from '../flow/types.js'

/** Every place any of `strategies` puts a secret. */
export function unionOfSecrets(strategies: readonly AuthStrategy[]): SecretPlacement {
  return Object.freeze({
    headers: [...new Set(strategies.flatMap((strategy) => strategy.secrets.headers))],
    query: [...new Set(strategies.flatMap((strategy) => strategy.secrets.query))],
    ...(strategies.some((strategy) => strategy.secrets.tls === true) && { tls: true }),
    ...(strategies.some((strategy) => strategy.secrets.carried !== undefined) && {
      carried: [...new Set(strategies.flatMap((strategy) => strategy.secrets.carried ?? []))],
    }),
  })
}
