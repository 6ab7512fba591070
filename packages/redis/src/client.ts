import { AuthError, INVALID_CONFIG } from '@latchkey/core'

/**
 * The two Redis clients Latchkey supports, as far as it uses them: Lua scripts and a
 * subscription. Typed structurally so neither package is needed to compile against the
 * other; both are optional peer dependencies.
 */

/** A node-redis client (`createClient()`) or cluster (`createCluster()`), `redis` 5+. */
export interface NodeRedisClient {
  /** Whether the client is connected; how the store tells node-redis from ioredis. */
  readonly isOpen: boolean
  /** Runs a Lua script: every read and write of the store is one. */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>
  /** A second connection, for the subscription that wakes waiting processes. */
  duplicate(): NodeRedisSubscriber
}

/** The subscribing connection {@link NodeRedisClient.duplicate} returns. */
export interface NodeRedisSubscriber {
  /** Opens the connection. */
  connect(): Promise<unknown>
  /** Listens to `channel`. */
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<void>
  /** Connection errors (the store degrades on them; they never go unhandled). */
  on(event: 'error', listener: (error: unknown) => void): unknown
  /** Closes the connection. */
  destroy(): void
}

/** An ioredis client (`new Redis()`) or cluster (`new Cluster()`), `ioredis` 5+. */
export interface IoRedisClient {
  /** The connection status; how the store tells ioredis from node-redis. */
  readonly status: string
  /** Runs a Lua script: every read and write of the store is one. */
  eval(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>
  /** A second connection, for the subscription that wakes waiting processes. */
  duplicate(): IoRedisSubscriber
}

/** The subscribing connection {@link IoRedisClient.duplicate} returns. */
export interface IoRedisSubscriber {
  /** Listens to `channel`. */
  subscribe(channel: string): Promise<unknown>
  /** Messages on the subscribed channel. */
  on(event: 'message', listener: (channel: string, message: string) => void): unknown
  /** Connection errors (the store degrades on them; they never go unhandled). */
  on(event: 'error', listener: (error: unknown) => void): unknown
  /** Closes the connection. */
  disconnect(): void
}

/** Either supported client, as `redisStore()` takes it. */
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
