import type { StoredToken } from '@latchkey/core'
import { createClient } from 'redis'
import { type RedisStoreOptions, redisStore } from '../src/index.js'

/** A token that expired five minutes ago, as every process of a fleet finds it. */
export function expiredToken(refreshToken?: string): StoredToken {
  const now = Date.now()
  return {
    accessToken: 'stale',
    tokenType: 'Bearer',
    issuedAt: now - 600_000,
    expiresAt: now - 300_000,
    ...(refreshToken !== undefined && { refreshToken }),
  }
}

/** Writes `token` under `key` through a store of its own, then disconnects. */
export async function seed(
  url: string,
  key: string,
  token: StoredToken,
  options: RedisStoreOptions = {},
) {
  const client = createClient({ url })
  await client.connect()
  try {
    await redisStore(client, options).set(key, token)
  } finally {
    client.destroy()
  }
}
