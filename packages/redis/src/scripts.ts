/**
 * The Lua scripts: each runs atomically on the node that owns its keys. A token's keys
 * share one hash tag (`{id}`), so every script touches a single slot in a Redis Cluster.
 *
 * Data model, per token identity:
 * - `<prefix>:{<id>}:token`, a hash: `data` (the token, JSON or sealed) and `fence`, the
 *   generation of the latest lease. `fence` only ever grows (a delete removes `data` only).
 * - `<prefix>:{<id>}:lease`, a string: the holder's random owner id, with a TTL.
 * Writes and releases publish `<id>` on the store's channel to wake waiters.
 */

/** KEYS: token. */
export const READ = `return redis.call('HGET', KEYS[1], 'data')`

/** KEYS: token. ARGV: data ('' deletes), channel, id. Unfenced: `TokenStore.set`/`delete`. */
export const WRITE = `
if ARGV[1] == '' then redis.call('HDEL', KEYS[1], 'data')
else redis.call('HSET', KEYS[1], 'data', ARGV[1]) end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`

/**
 * KEYS: lease, token. ARGV: owner, ttl ms.
 * Returns {1, fence} to the new holder, or {0, ms the current lease has left}.
 */
export const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, redis.call('HINCRBY', KEYS[2], 'fence', 1)}
end
return {0, redis.call('PTTL', KEYS[1])}`

/**
 * KEYS: token. ARGV: fence, data ('' deletes), channel, id.
 * Lands only if no lease was granted after the writer's: 1 if written, 0 if fenced off.
 */
export const FENCED_WRITE = `
if tonumber(redis.call('HGET', KEYS[1], 'fence') or '0') ~= tonumber(ARGV[1]) then return 0 end
if ARGV[2] == '' then redis.call('HDEL', KEYS[1], 'data')
else redis.call('HSET', KEYS[1], 'data', ARGV[2]) end
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1`

/** KEYS: lease. ARGV: owner, ttl ms. Extends the lease if it is still the owner's. */
export const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`

/** KEYS: lease. ARGV: owner, channel, id. Compare-and-delete, then wake the waiters. */
export const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], ARGV[3])
  return 1
end
return 0`
