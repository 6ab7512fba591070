import { createHash, randomUUID } from 'node:crypto'
import {
  AuthError,
  INVALID_CONFIG,
  type StoreContext,
  type StoredToken,
  type TokenLease,
  type TokenStore,
} from '@latchkey/core'
import { driverFor, type RedisClient, type RedisDriver, type Subscription } from './client.js'
import { type EncryptionKey, TokenCodec } from './codec.js'
import { Health, StoreUnavailable } from './health.js'
import { ACQUIRE, FENCED_WRITE, READ, RELEASE, RENEW, WRITE } from './scripts.js'
import { Wakeups } from './wakeups.js'

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /**
   * Prefix of every key and of the wake-up channel.
   *
   * @defaultValue `latchkey`
   */
  readonly prefix?: string
  /**
   * AES-256-GCM keys (32 bytes each, or AES-GCM `CryptoKey`s): the first seals every token
   * written, each of them opens. Without keys tokens are stored as plain JSON.
   */
  readonly encryptionKeys?: readonly EncryptionKey[]
  /**
   * Milliseconds a lease lasts unless renewed; the holder renews it every third.
   *
   * @defaultValue 5000
   */
  readonly leaseMs?: number
  /**
   * The longest a waiter waits for a wake-up before it looks again (ms).
   *
   * @defaultValue 1000
   */
  readonly pollMs?: number
  /**
   * Every Redis call's timeout (ms); a call that takes longer degrades the store.
   *
   * @defaultValue 1000
   */
  readonly commandTimeout?: number
  /**
   * How often a degraded store tries Redis again (ms).
   *
   * @defaultValue 1000
   */
  readonly retryMs?: number
}

/** A {@link TokenStore} on the Redis client you already have (node-redis or ioredis). */
export function redisStore(client: RedisClient, options: RedisStoreOptions = {}): RedisTokenStore {
  return new RedisTokenStore(client, options)
}

interface Names {
  readonly id: string
  readonly token: string
  readonly lease: string
}

/**
 * Tokens in Redis, shared by every process and machine that uses the same Redis and key,
 * with the lease that gives them one token request per expiry (see docs/design.md,
 * "Fleets"). When Redis fails or is slow the store degrades to this process's own copy,
 * reported as `store-degraded`, and comes back by itself.
 */
export class RedisTokenStore implements TokenStore {
  readonly #driver: RedisDriver
  readonly #codec: TokenCodec
  readonly #health: Health
  readonly #prefix: string
  readonly #channel: string
  readonly #leaseMs: number
  readonly #pollMs: number
  readonly #names = new Map<string, Names>()
  /** This process's copy of every token it read or wrote: what it serves while degraded. */
  readonly #local = new Map<string, StoredToken>()
  readonly #wakeups = new Wakeups()
  readonly #reading = new Map<string, Promise<StoredToken | undefined>>()
  #subscription: Subscription | undefined

  constructor(client: RedisClient, options: RedisStoreOptions = {}) {
    const {
      prefix = 'latchkey',
      encryptionKeys = [],
      leaseMs = 5000,
      pollMs = 1000,
      commandTimeout = 2000,
      retryMs = 1000,
    } = options
    this.#driver = driverFor(client)
    for (const [name, value] of Object.entries({ leaseMs, pollMs, commandTimeout, retryMs })) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
        throw new AuthError(INVALID_CONFIG, `redisStore: ${name} must be a positive number`)
    }
    if (typeof prefix !== 'string' || prefix.length === 0 || /[{}]/.test(prefix))
      throw new AuthError(
        INVALID_CONFIG,
        'redisStore: prefix must be a non-empty string without braces',
      )
    this.#codec = new TokenCodec(encryptionKeys)
    this.#health = new Health(commandTimeout, retryMs)
    this.#prefix = prefix
    this.#channel = `${prefix}:wake`
    this.#leaseMs = Math.ceil(leaseMs)
    this.#pollMs = pollMs
  }

  /**
   * One Redis read per key at a time in this process: a hundred concurrent requests cost
   * one round trip, not a hundred. A write starts the next read afresh.
   */
  get(key: string, context?: StoreContext): Promise<StoredToken | undefined> {
    let reading = this.#reading.get(key)
    if (reading === undefined) {
      reading = this.#read(key, context).finally(() => {
        if (this.#reading.get(key) === reading) this.#reading.delete(key)
      })
      this.#reading.set(key, reading)
    }
    return reading
  }

  async #read(key: string, context?: StoreContext): Promise<StoredToken | undefined> {
    const names = this.#namesOf(key)
    try {
      const data = await this.#call(READ, [names.token], [], names, context)
      const token = typeof data === 'string' ? await this.#codec.decode(data, names.id) : undefined
      this.#remember(key, token)
      return token
    } catch (error) {
      if (error instanceof StoreUnavailable) return this.#local.get(key)
      throw error
    }
  }

  /** Writes `token` under `key` for every process (outside a lease; leases write fenced). */
  async set(key: string, token: StoredToken): Promise<void> {
    await this.#write(key, token)
  }

  /** Forgets the token under `key`, for every process. */
  async delete(key: string): Promise<void> {
    await this.#write(key, undefined)
  }

  async lease(key: string, context: StoreContext): Promise<TokenLease | undefined> {
    const names = this.#namesOf(key)
    if (this.#health.down) {
      // Probes, and fails at once: this process then obtains the token on its own.
      return this.#call(READ, [names.token], [], names, context).then(
        () => this.#localLease(key),
        () => this.#localLease(key),
      )
    }
    await this.#subscribed()
    // Listening before asking: a release between the two cannot be missed.
    const woken = this.#wakeups.next(names.id)
    try {
      const owner = randomUUID()
      const [granted, value] = (await this.#call(
        ACQUIRE,
        [names.lease, names.token],
        [owner, String(this.#leaseMs)],
        names,
        context,
      )) as [number, number]
      if (Number(granted) === 1) return this.#redisLease(key, names, owner, Number(value), context)
      const left = Number(value)
      if (left > 0) await woken.within(Math.min(left, this.#pollMs))
      return undefined
    } catch (error) {
      if (error instanceof StoreUnavailable) return this.#localLease(key)
      throw error
    } finally {
      woken.cancel()
      // The engine reads next and must see what the last holder wrote: no joining a read
      // that went out before the lease was asked for.
      this.#reading.delete(key)
    }
  }

  /** Whether Redis is away and this process works on its own copy (until a probe answers). */
  get degraded(): boolean {
    return this.#health.down
  }

  /** Closes the subscription this store opened; the client stays yours. */
  close(): void {
    this.#subscription?.close()
    this.#subscription = undefined
    this.#wakeups.wakeAll()
  }

  #call(
    script: string,
    keys: string[],
    args: string[],
    names: Names,
    context: StoreContext | undefined,
  ): Promise<unknown> {
    return this.#health.call(
      () => this.#driver.run(script, keys, args),
      context,
      () => this.#driver.run(READ, [names.token], []),
    )
  }

  async #write(key: string, token: StoredToken | undefined): Promise<void> {
    const names = this.#namesOf(key)
    this.#remember(key, token)
    const data = token === undefined ? '' : await this.#codec.encode(token, names.id)
    await this.#call(WRITE, [names.token], [data, this.#channel, names.id], names, undefined).catch(
      (error: unknown) => {
        if (!(error instanceof StoreUnavailable)) throw error
      },
    )
  }

  #redisLease(
    key: string,
    names: Names,
    owner: string,
    fence: number,
    context: StoreContext,
  ): TokenLease {
    const call = (script: string, keys: string[], args: string[]) =>
      this.#call(script, keys, args, names, context)
    const renew = setInterval(() => {
      call(RENEW, [names.lease], [owner, String(this.#leaseMs)]).then(
        (kept) => {
          if (Number(kept) !== 1) clearInterval(renew)
        },
        () => {},
      )
    }, this.#leaseMs / 3)
    renew.unref?.()
    const write = async (token: StoredToken | undefined) => {
      const data = token === undefined ? '' : await this.#codec.encode(token, names.id)
      try {
        const landed = await call(
          FENCED_WRITE,
          [names.token],
          [String(fence), data, this.#channel, names.id],
        )
        // Fenced off: a later holder owns the key now; this token is only this process's.
        if (Number(landed) === 1) this.#remember(key, token)
      } catch (error) {
        if (!(error instanceof StoreUnavailable)) throw error
        this.#remember(key, token)
      }
    }
    return {
      set: (token) => write(token),
      delete: () => write(undefined),
      release: async () => {
        clearInterval(renew)
        await call(RELEASE, [names.lease], [owner, this.#channel, names.id]).catch(() => {})
      },
    }
  }

  /** While Redis is away: the engine's own single flight is the lease; writes stay here. */
  #localLease(key: string): TokenLease {
    return {
      set: async (token) => this.#remember(key, token),
      delete: async () => this.#remember(key, undefined),
      release: async () => {},
    }
  }

  #remember(key: string, token: StoredToken | undefined): void {
    this.#reading.delete(key)
    if (token === undefined) this.#local.delete(key)
    else this.#local.set(key, token)
  }

  /** Subscribes once; waiters fall back to polling if that takes longer than a call may. */
  async #subscribed(): Promise<void> {
    this.#subscription ??= this.#driver.subscribe(this.#channel, (id) => this.#wakeups.wake(id))
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([
      this.#subscription.ready,
      new Promise((resolve) => {
        timer = setTimeout(resolve, this.#health.timeout)
      }),
    ])
    clearTimeout(timer)
  }

  /** Redis names for a store key: a hash of it, so no key ever holds a client id or secret. */
  #namesOf(key: string): Names {
    let names = this.#names.get(key)
    if (names === undefined) {
      const id = createHash('sha256')
        .update(`latchkey token\0${key}`)
        .digest('base64url')
        .slice(0, 32)
      const base = `${this.#prefix}:{${id}}`
      names = { id, token: `${base}:token`, lease: `${base}:lease` }
      this.#names.set(key, names)
    }
    return names
  }
}
