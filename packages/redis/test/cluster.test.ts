import type { Cluster } from 'ioredis'
import type { RedisClusterType } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisTokenStore, redisStore } from '../src/index.js'
import { startCluster } from '../src/testing.js'
import { Fleet } from './fleet.js'
import { expiredToken } from './helpers.js'
import { TokenServer } from './token-server.js'

let cluster: Awaited<ReturnType<typeof startCluster>>
let tokens: TokenServer
beforeAll(async () => {
  cluster = await startCluster()
  tokens = await TokenServer.start()
})
afterAll(async () => {
  await tokens?.close()
  await cluster?.stop()
})

describe.each(['node-redis', 'ioredis'] as const)(
  'a fleet on a 3-node Redis Cluster, %s',
  (client) => {
    it('4 processes x 50 requests on an expired token: 1 token request; the keys of one token share a slot', async () => {
      const urls = cluster.nodes.map((node) => `redis://127.0.0.1:${node.port}`)
      const prefix = `cluster-${client}`
      const fleet = await Fleet.start(4, {
        client,
        redis: urls,
        origin: tokens.origin,
        store: { leaseMs: 2000, pollMs: 500, commandTimeout: 4000, retryMs: 250, prefix },
      })
      try {
        await fleet.seed('fleet-client-credentials', expiredToken())
        tokens.reset()
        const results = await fleet.round(50, 'client-credentials')
        expect(results.flatMap((result) => result.failures)).toEqual([])
        expect(tokens.tokenRequests).toBe(1)
      } finally {
        await fleet.stop()
      }
      // Each token lives under one hash tag: its token and lease keys map to one slot.
      const found = await Promise.all(
        cluster.nodes.map((node) => node.cli('--scan', '--pattern', `${prefix}:*`)),
      )
      const tokenKey = found.map(({ stdout }) => stdout.trim()).find(Boolean) as string
      expect(tokenKey).toMatch(new RegExp(`^${prefix}:\\{[\\w-]{32}\\}:token$`))
      const node = cluster.nodes[0] as (typeof cluster.nodes)[number]
      const slots = await Promise.all(
        [tokenKey, tokenKey.replace(/:token$/, ':lease')].map(
          async (key) => (await node.cli('cluster', 'keyslot', key)).stdout,
        ),
      )
      expect(slots[0]).toBe(slots[1])
    })
  },
)

// Compile-time: both clients' cluster types are accepted as they are, without casts.
export function acceptsClusters(nodeRedis: RedisClusterType, ioredis: Cluster): RedisTokenStore[] {
  return [redisStore(nodeRedis), redisStore(ioredis)]
}
