import type { AuthEvent } from '@latchkey/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisServer } from '../src/testing.js'
import { Fleet, type RoundResult } from './fleet.js'
import { expiredToken, seed } from './helpers.js'
import { TokenServer } from './token-server.js'

const failures = (results: RoundResult[]) => results.flatMap((result) => result.failures)
const ok = (results: RoundResult[]) => results.reduce((sum, result) => sum + result.ok, 0)
const reported = (results: RoundResult[], type: AuthEvent['type']) =>
  results.filter((result) => result.events.some((event) => event.type === type)).length

// Short leases so a dead holder costs little; a generous call timeout, since a loaded
// machine must not look like a Redis outage (the outage test makes a real one).
const store = { leaseMs: 2000, pollMs: 500, commandTimeout: 4000, retryMs: 250 }
const CC = 'client-credentials'

describe.each(['node-redis', 'ioredis'] as const)('a fleet of 8 processes on %s', (client) => {
  let redis: RedisServer
  let tokens: TokenServer
  let fleet: Fleet

  beforeAll(async () => {
    redis = await RedisServer.start()
    tokens = await TokenServer.start()
    fleet = await Fleet.start(8, { client, redis: [redis.url], origin: tokens.origin, store })
  })
  afterAll(async () => {
    await fleet?.stop()
    await tokens?.close()
    await redis?.stop()
  })

  it('8 x 100 concurrent requests on an expired token: 1 token request, 0 failures', async () => {
    await seed(redis.url, `fleet-${CC}`, expiredToken())
    tokens.reset()
    const results = await fleet.round(100, CC)
    expect(failures(results)).toEqual([])
    expect(ok(results)).toBe(800)
    expect(tokens.tokenRequests).toBe(1)
  })

  it('with single-use rotating refresh tokens: 1 refresh, 0 invalid_grant, expiry after expiry', async () => {
    const refreshToken = tokens.issueRefreshToken()
    await seed(redis.url, 'fleet-refresh', expiredToken(refreshToken))
    for (const round of [1, 2]) {
      tokens.reset()
      const results = await fleet.round(100, 'refresh', refreshToken)
      expect({ round, failures: failures(results) }).toEqual({ round, failures: [] })
      expect(tokens.tokenRequests).toBe(1)
      expect(tokens.invalidGrants).toBe(0)
      // The next round finds its token refused (a 401): the rotated refresh token, once.
      tokens.revoke()
    }
  })

  it('the holder SIGKILLed mid-refresh: the others finish after its lease, 2 token requests', async () => {
    await seed(redis.url, `fleet-${CC}`, expiredToken())
    tokens.reset()
    const held = tokens.hold()
    const holder = fleet.leaseHolder()
    const round = fleet.round(100, CC)
    await held
    ;(await holder).kill('SIGKILL')
    const results = await round
    expect(results).toHaveLength(7)
    expect(failures(results)).toEqual([])
    expect(ok(results)).toBe(700)
    expect(tokens.tokenRequests).toBe(2)
  })

  /**
   * Rounds of one request each until no process works alone any more; how many processes
   * reported `store-recovered` meanwhile.
   */
  async function untilCoordinated(): Promise<number> {
    const recovered = new Set<number>()
    for (let attempt = 0; attempt < 100; attempt++) {
      const results = await fleet.round(1, CC)
      expect(failures(results)).toEqual([])
      results.forEach((result, n) => {
        if (result.events.some((event) => event.type === 'store-recovered')) recovered.add(n)
      })
      if (results.every((result) => !result.degraded)) return recovered.size
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error('the fleet did not coordinate through Redis again')
  }

  it('redis-server paused, then killed: no request fails, per-process flights; coordination resumes after restart', async () => {
    const processes = fleet.live().length
    await untilCoordinated()
    tokens.reset()
    tokens.revoke()
    redis.pause()
    const paused = await fleet.round(20, CC)
    expect(failures(paused)).toEqual([])
    expect(reported(paused, 'store-degraded')).toBe(processes)
    // Degraded: one flight per process, never more (no hammering).
    expect(tokens.tokenRequests).toBeLessThanOrEqual(processes)

    await redis.kill()
    tokens.reset()
    tokens.revoke()
    const down = await fleet.round(20, CC)
    expect(failures(down)).toEqual([])
    expect(down.every((result) => result.degraded)).toBe(true)
    expect(tokens.tokenRequests).toBeLessThanOrEqual(processes)

    await redis.restart()
    expect(await untilCoordinated()).toBe(processes)
    await seed(redis.url, `fleet-${CC}`, expiredToken())
    tokens.reset()
    const resumed = await fleet.round(100, CC)
    expect(failures(resumed)).toEqual([])
    expect(tokens.tokenRequests).toBe(1)
  })
})
