export type { IoRedisClient, NodeRedisClient, RedisClient } from './client.js'
export type { EncryptionKey } from './codec.js'
export { type RedisStoreOptions, RedisTokenStore, redisStore } from './store.js'
