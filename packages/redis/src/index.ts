export type {
  IoRedisClient,
  IoRedisSubscriber,
  NodeRedisClient,
  NodeRedisSubscriber,
  RedisClient,
} from './client.js'
export type { EncryptionKey } from './codec.js'
export { type RedisStoreOptions, RedisTokenStore, redisStore } from './store.js'
