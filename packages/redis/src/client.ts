import { AuthError, INVALID_CONFIG } from '@latchkey/core'

/**
 * The two Redis clients Latchkey supports, as far as it uses them: Lua scripts and a
 * subscription. Typed structurally so neither package is needed to compile against the
 * other; both are optional peer dependencies.
 */

/** A node-redis client (`createClient()`) or cluster (`createCluster()`), `redis` 5+. */
export interface NodeRedisClient {
  readonly isOpen: boolean
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>
  duplicate(): NodeRedisSubscriber
}

interface NodeRedisSubscriber {
  connect(): Promise<unknown>
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<void>
  on(event: 'error', listener: (error: unknown) => void): unknown
  destroy(): void
}

/** An ioredis client (`new Redis()`) or cluster (`new Cluster()`), `ioredis` 5+. */
export interface IoRedisClient {
  readonly status: string
  eval(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>
  duplicate(): IoRedisSubscriber
}

interface IoRedisSubscriber {
  subscribe(channel: string): Promise<unknown>
  on(event: 'message', listener: (channel: string, message: string) => void): unknown
  on(event: 'error', listener: (error: unknown) => void): unknown
  disconnect(): void
}

export type RedisClient = NodeRedisClient | IoRedisClient

/** What the store needs from either client. */
export interface RedisDriver {
  run(script: string, keys: string[], args: string[]): Promise<unknown>
  /** A dedicated connection (a duplicate of the client) subscribed to `channel`. */
  subscribe(channel: string, onMessage: (message: string) => void): Subscription
}

export interface Subscription {
  /** Settles once the subscription is active (or could not be made: then waiters poll). */
  readonly ready: Promise<void>
  close(): void
}

export function driverFor(client: RedisClient): RedisDriver {
  if ('isOpen' in client) return nodeRedis(client)
  if ('status' in client) return ioRedis(client)
  throw new AuthError(INVALID_CONFIG, 'redisStore: expected a node-redis or an ioredis client')
}

function nodeRedis(client: NodeRedisClient): RedisDriver {
  return {
    run: (script, keys, args) => client.eval(script, { keys, arguments: args }),
    subscribe(channel, onMessage) {
      const subscriber = client.duplicate()
      // Connection errors are the store's business (it degrades), never an unhandled event.
      subscriber.on('error', () => {})
      const ready = subscriber.connect().then(() => subscriber.subscribe(channel, onMessage))
      return { ready: ready.catch(() => {}), close: () => subscriber.destroy() }
    },
  }
}

function ioRedis(client: IoRedisClient): RedisDriver {
  return {
    run: (script, keys, args) => client.eval(script, keys.length, ...keys, ...args),
    subscribe(channel, onMessage) {
      const subscriber = client.duplicate()
      subscriber.on('error', () => {})
      subscriber.on('message', (from, message) => {
        if (from === channel) onMessage(message)
      })
      const ready = subscriber.subscribe(channel).then(() => {})
      return { ready: ready.catch(() => {}), close: () => subscriber.disconnect() }
    },
  }
}
