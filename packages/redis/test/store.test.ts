import { randomBytes } from 'node:crypto'
import { AuthError, type AuthEvent, INVALID_CONFIG, oauth2, type StoredToken } from '@latchkey/core'
import { withAuth } from '@latchkey/fetch'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisClient, redisStore } from '../src/index.js'
import { RedisServer } from '../src/testing.js'
import { TokenServer } from './token-server.js'

const token = (accessToken: string, refreshToken = 'refresh-secret'): StoredToken => ({
  accessToken,
  tokenType: 'Bearer',
  issuedAt: 1,
  expiresAt: Date.now() + 300_000,
  refreshToken,
})

let redis: RedisServer
beforeAll(async () => {
  redis = await RedisServer.start()
})
afterAll(() => redis?.stop())

const clients: Record<string, () => Promise<{ client: RedisClient; close(): void }>> = {
  'node-redis': async () => {
    const client = createClient({ url: redis.url })
    await client.connect()
    return { client, close: () => client.destroy() }
  },
  ioredis: async () => {
    const client = new Redis(redis.url)
    return { client, close: () => client.disconnect() }
  },
}

describe.each(Object.keys(clients))('redisStore on %s', (kind) => {
  const open = async () => (clients[kind] as () => ReturnType<(typeof clients)[string]>)()
  const events: AuthEvent[] = []
  const context = { emit: (event: AuthEvent) => events.push(event) }

  it('stores, reads and deletes a token under a key that is a hash of the store key', async () => {
    const { client, close } = await open()
    const store = redisStore(client, { prefix: `t-${kind}` })
    await store.set('https://idp.example/token client-id-42', token('access-1'))
    expect((await store.get('https://idp.example/token client-id-42', context))?.accessToken).toBe(
      'access-1',
    )
    const { stdout } = await redis.cli('--scan', '--pattern', `t-${kind}:*`)
    expect(stdout).not.toContain('client-id-42')
    expect(stdout).toMatch(new RegExp(`^t-${kind}:\\{[\\w-]{32}\\}:token$`, 'm'))
    await store.delete('https://idp.example/token client-id-42')
    expect(await store.get('https://idp.example/token client-id-42', context)).toBeUndefined()
    store.close()
    close()
  })

  it('seals tokens with AES-GCM: Redis holds no secret, key B reads key A as a miss, rotation reads both', async () => {
    const keyA = randomBytes(32)
    const keyB = randomBytes(32)
    const { client, close } = await open()
    const prefix = `e-${kind}`
    await redisStore(client, { prefix, encryptionKeys: [keyA] }).set(
      'k',
      token('access-sealed', 'refresh-sealed'),
    )
    const dump = await redis.cli('--scan', '--pattern', `${prefix}:*`).then(async ({ stdout }) => {
      const [name] = stdout.trim().split('\n')
      return (await redis.cli('hgetall', name as string)).stdout
    })
    expect(dump).toMatch(/^e:/m)
    expect(dump).not.toContain('access-sealed')
    expect(dump).not.toContain('refresh-sealed')

    expect(
      await redisStore(client, { prefix, encryptionKeys: [keyB] }).get('k', context),
    ).toBeUndefined()
    // Without a key, a sealed token is a miss too, never ciphertext passed off as a token.
    expect(await redisStore(client, { prefix }).get('k', context)).toBeUndefined()
    const rotated = redisStore(client, { prefix, encryptionKeys: [keyB, keyA] })
    expect((await rotated.get('k', context))?.refreshToken).toBe('refresh-sealed')
    // A sealed token copied under another identity does not open: it is bound to its key.
    expect(
      await redisStore(client, { prefix, encryptionKeys: [keyA] }).get('other', context),
    ).toBeUndefined()
    close()
  })

  it('leases are exclusive, released by compare-and-delete, and fence off a holder that outlived its lease', async () => {
    const { client, close } = await open()
    const prefix = `l-${kind}`
    const a = redisStore(client, { prefix, leaseMs: 200, pollMs: 50 })
    const b = redisStore(client, { prefix, leaseMs: 5000, pollMs: 50 })
    const first = await a.lease('k', context)
    expect(first).toBeDefined()
    expect(await b.lease('k', context)).toBeUndefined()
    await first?.release()
    const stale = await a.lease('k', context)
    expect(stale).toBeDefined()
    // A holder paused for longer than its lease: the lease runs out, b takes the key.
    const { stdout } = await redis.cli('--scan', '--pattern', `${prefix}:*:lease`)
    await redis.cli('pexpire', stdout.trim(), '1')
    let second: Awaited<ReturnType<typeof b.lease>>
    do second = await b.lease('k', context)
    while (second === undefined)
    await second.set(token('from-b'))
    // The late answer of the first holder is fenced off: b's token stays.
    await stale?.set(token('late-from-a'))
    await stale?.delete()
    expect((await b.get('k', context))?.accessToken).toBe('from-b')
    // Releasing a lease that is no longer yours leaves the new holder's alone.
    await stale?.release()
    expect(await a.lease('k', context)).toBeUndefined()
    await second.release()
    expect(await a.lease('k', context)).toBeDefined()
    a.close()
    b.close()
    close()
  })

  it('rejects bad options with INVALID_CONFIG', async () => {
    const { client, close } = await open()
    const invalid = (options: Parameters<typeof redisStore>[1]) => {
      try {
        redisStore(client, options)
      } catch (error) {
        return error instanceof AuthError ? error.code : error
      }
      return 'accepted'
    }
    expect(invalid({ encryptionKeys: [randomBytes(16)] })).toBe(INVALID_CONFIG)
    expect(invalid({ leaseMs: 0 })).toBe(INVALID_CONFIG)
    expect(invalid({ prefix: 'a{b}' })).toBe(INVALID_CONFIG)
    close()
  })
})

it('a token sealed with key A is a clean miss with key B: one new token request, no error', async () => {
  const tokens = await TokenServer.start()
  const client = createClient({ url: redis.url })
  await client.connect()
  try {
    const sealedWith = (key: Uint8Array) =>
      redisStore(client, { prefix: 'ab', encryptionKeys: [key] })
    const keyA = randomBytes(32)
    const strategy = (key: Uint8Array) =>
      oauth2.clientCredentials({
        tokenUrl: `${tokens.origin}/token`,
        clientId: 'c',
        clientSecret: 's',
        store: sealedWith(key),
        key: 'shared',
      })
    const withA = withAuth(fetch, strategy(keyA))
    expect((await withA(`${tokens.origin}/api`)).status).toBe(200)
    expect(tokens.tokenRequests).toBe(1)
    const withB = withAuth(fetch, strategy(randomBytes(32)))
    expect((await withB(`${tokens.origin}/api`)).status).toBe(200)
    expect(tokens.tokenRequests).toBe(2)
  } finally {
    client.destroy()
    await tokens.close()
  }
})

it('rejects something that is not a Redis client', () => {
  expect(() => redisStore({} as RedisClient)).toThrow(AuthError)
})
