import { describe, expect, it } from 'vitest'
import type { StoredToken, TokenStore } from '../src/index.js'
import { TokenEngine, type TokenGrant, tokenKind } from '../src/strategy.js'
import { context } from './helpers.js'

/**
 * Two stores over one backing map and one lock: what two browser tabs (or two processes
 * on Redis) see. Each engine has its own store object, so the in-process single flight
 * cannot join them; only `exclusive` can.
 */
function sharedStores(withLock: boolean): [TokenStore, TokenStore] {
  const tokens = new Map<string, StoredToken>()
  let lock: Promise<unknown> = Promise.resolve()
  const make = (): TokenStore => ({
    get: async (key) => tokens.get(key),
    set: async (key, token) => void tokens.set(key, token),
    delete: async (key) => void tokens.delete(key),
    ...(withLock && {
      exclusive: <T>(_key: string, task: () => Promise<T>): Promise<T> => {
        const run = lock.then(task)
        lock = run.catch(() => {})
        return run
      },
    }),
  })
  return [make(), make()]
}

function engines(stores: readonly TokenStore[]) {
  const source = {
    calls: 0,
    acquire: async (): Promise<TokenGrant> => {
      source.calls++
      await new Promise((resolve) => setTimeout(resolve, 5))
      return { accessToken: `access-${source.calls}`, tokenType: 'Bearer', expiresIn: 300 }
    },
  }
  const options = { strategy: 'test', source, key: 'k', refreshWindow: 60, kind: tokenKind(3600) }
  return {
    source,
    engines: stores.map((store) => new TokenEngine({ ...options, store, timeout: 5_000 })),
  }
}

describe('TokenStore.exclusive', () => {
  it('one token request across engines that share a store only through its lock', async () => {
    const { source, engines: [a, b] = [] } = engines(sharedStores(true))
    const ctx = context()
    const tokens = await Promise.all([a?.current(ctx), b?.current(ctx)])
    expect(source.calls).toBe(1)
    expect(tokens.map((token) => token?.accessToken)).toEqual(['access-1', 'access-1'])
  })

  it('without it, each engine makes its own (the case the lock exists for)', async () => {
    const { source, engines: [a, b] = [] } = engines(sharedStores(false))
    const ctx = context()
    await Promise.all([a?.current(ctx), b?.current(ctx)])
    expect(source.calls).toBe(2)
  })

  it('a renewal after a 401 still requests a new token when the stored one is the rejected one', async () => {
    const { source, engines: [a, b] = [] } = engines(sharedStores(true))
    const ctx = context()
    const first = await a?.current(ctx)
    if (first === undefined || b === undefined) throw new Error('setup')
    const renewed = await b.renew(first, ctx)
    expect(renewed.accessToken).toBe('access-2')
    expect(source.calls).toBe(2)
  })
})
