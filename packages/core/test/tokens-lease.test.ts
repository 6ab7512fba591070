import { describe, expect, it } from 'vitest'
import { type StoredToken, TIMEOUT, type TokenLease, type TokenStore } from '../src/index.js'
import { TokenEngine, type TokenGrant, tokenKind } from '../src/strategy.js'
import { context } from './helpers.js'

/**
 * What two processes sharing Redis look like to their engines: two store objects (so no
 * in-process flight is shared) over one backing map and one lease.
 */
class Backing {
  readonly tokens = new Map<string, StoredToken>()
  holder: object | undefined
  waiters: (() => void)[] = []
  leaseWrites = 0
  released = 0

  wake() {
    for (const wake of this.waiters.splice(0)) wake()
  }

  store(options: { leases?: boolean; grantLate?: Promise<void> } = {}): TokenStore {
    const store: TokenStore = {
      get: async (key) => this.tokens.get(key),
      set: async (key, token) => void this.tokens.set(key, token),
      delete: async (key) => void this.tokens.delete(key),
    }
    if (options.leases === false) return store
    return {
      ...store,
      lease: async (key) => {
        await options.grantLate
        if (this.holder !== undefined) {
          await new Promise<void>((resolve) => this.waiters.push(resolve))
          return undefined
        }
        const me = {}
        this.holder = me
        const lease: TokenLease = {
          set: async (token) => {
            this.leaseWrites++
            this.tokens.set(key, token)
            this.wake()
          },
          delete: async () => {
            this.leaseWrites++
            this.tokens.delete(key)
          },
          release: async () => {
            this.released++
            if (this.holder === me) this.holder = undefined
            this.wake()
          },
        }
        return lease
      },
    }
  }
}

function engineOn(
  store: TokenStore,
  source: { acquire: () => Promise<TokenGrant> },
  timeout = 5000,
) {
  return new TokenEngine({
    strategy: 'test',
    source,
    store,
    key: 'k',
    refreshWindow: 60,
    kind: tokenKind(3600),
    timeout,
  })
}

function counter() {
  const source = {
    calls: 0,
    acquire: async (): Promise<TokenGrant> => {
      source.calls++
      await new Promise((resolve) => setTimeout(resolve, 20))
      return { accessToken: `access-${source.calls}`, tokenType: 'Bearer', expiresIn: 300 }
    },
  }
  return source
}

describe('TokenEngine on a store with leases', () => {
  it('makes one token request for engines on different stores that share the lease', async () => {
    const backing = new Backing()
    const source = counter()
    const engines = [1, 2, 3].map(() => engineOn(backing.store(), source))
    const tokens = await Promise.all(engines.map((engine) => engine.current(context())))
    expect(tokens.map((token) => token.accessToken)).toEqual(['access-1', 'access-1', 'access-1'])
    expect(source.calls).toBe(1)
    // The holder wrote through its lease and gave it back.
    expect(backing.leaseWrites).toBe(1)
    expect(backing.holder).toBeUndefined()
  })

  it('without leases, the same engines make one token request each', async () => {
    const backing = new Backing()
    const source = counter()
    const engines = [1, 2, 3].map(() => engineOn(backing.store({ leases: false }), source))
    await Promise.all(engines.map((engine) => engine.current(context())))
    expect(source.calls).toBe(3)
  })

  it('gives back a lease granted after its flight timed out', async () => {
    const backing = new Backing()
    let grant!: () => void
    const grantLate = new Promise<void>((resolve) => {
      grant = resolve
    })
    const engine = engineOn(backing.store({ grantLate }), counter(), 20)
    await expect(engine.current(context())).rejects.toMatchObject({ code: TIMEOUT })
    grant()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(backing.released).toBe(1)
    expect(backing.holder).toBeUndefined()
  })
})
