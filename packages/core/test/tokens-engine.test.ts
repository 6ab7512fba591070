import { describe, expect, it, vi } from 'vitest'
import { AuthError } from '../src/errors/auth-error.js'
import {
  ABORTED,
  type AuthEvent,
  MemoryTokenStore,
  REFRESH_FAILED,
  type StoredToken,
  TIMEOUT,
} from '../src/index.js'
import {
  TokenEngine,
  type TokenEngineOptions,
  type TokenGrant,
  type TokenSource,
  tokenKind,
} from '../src/strategy.js'
import { Backoff } from '../src/tokens/backoff.js'
import { context } from './helpers.js'

class ManualClock {
  time = 1_000_000
  now = () => this.time
  advance(seconds: number) {
    this.time += seconds * 1000
  }
}

function setup(source: TokenSource, overrides: Partial<TokenEngineOptions> = {}) {
  const clock = new ManualClock()
  const store = new MemoryTokenStore()
  const engine = new TokenEngine({
    strategy: 'test',
    source,
    store,
    key: 'k',
    refreshWindow: 60,
    kind: tokenKind(3600),
    timeout: 5_000,
    ...overrides,
  })
  const ctx = context({ clock })
  return { clock, store, engine, ctx }
}

function counter(expiresIn = 300) {
  const source = {
    calls: 0,
    acquire: async (): Promise<TokenGrant> => {
      source.calls++
      await new Promise((resolve) => setTimeout(resolve, 5))
      return { accessToken: `access-${source.calls}`, tokenType: 'Bearer', expiresIn }
    },
  }
  return source
}

describe('TokenEngine', () => {
  it('makes one token request for 100 concurrent callers on a cold cache', async () => {
    const source = counter()
    const { engine, ctx } = setup(source)
    const tokens = await Promise.all(Array.from({ length: 100 }, () => engine.current(ctx)))
    expect(source.calls).toBe(1)
    expect(new Set(tokens.map((token) => token.accessToken))).toEqual(new Set(['access-1']))
  })

  it('counts expiry from when the token request started', async () => {
    const clock = new ManualClock()
    const source: TokenSource = {
      acquire: async () => {
        clock.advance(20) // the endpoint took 20 s
        return { accessToken: 'slow-token', tokenType: 'Bearer', expiresIn: 100 }
      },
    }
    const { engine } = setup(source)
    const start = clock.now()
    const token = await engine.current(context({ clock }))
    expect(token.issuedAt).toBe(start)
    expect(token.expiresAt).toBe(start + 100_000)
  })

  it('refreshes once in the background inside the window, still serving the current token', async () => {
    const source = counter(300)
    const { engine, ctx, clock, store } = setup(source)
    await engine.current(ctx)
    clock.advance(250) // 50 s left: inside the 60 s window
    const during = await Promise.all(Array.from({ length: 10 }, () => engine.current(ctx)))
    expect(during.every((token) => token.accessToken === 'access-1')).toBe(true)
    await vi.waitFor(async () => expect((await store.get('k'))?.accessToken).toBe('access-2'))
    expect(source.calls).toBe(2)
    expect((await engine.current(ctx)).accessToken).toBe('access-2')
  })

  it('caps the window at half of a short lifetime', async () => {
    const source = counter(10)
    const { engine, ctx, clock } = setup(source)
    await engine.current(ctx)
    clock.advance(4)
    await engine.current(ctx)
    expect(source.calls).toBe(1)
    clock.advance(2) // 6 s into a 10 s token: past half
    await engine.current(ctx)
    await vi.waitFor(() => expect(source.calls).toBe(2))
  })

  it('waits for a new token once the current one has expired', async () => {
    const source = counter(300)
    const { engine, ctx, clock } = setup(source)
    await engine.current(ctx)
    clock.advance(301)
    const tokens = await Promise.all(Array.from({ length: 20 }, () => engine.current(ctx)))
    expect(source.calls).toBe(2)
    expect(tokens.every((token) => token.accessToken === 'access-2')).toBe(true)
  })

  it('renews a refused token once for all, and hands a newer token to stale callers', async () => {
    const source = counter()
    const { engine, ctx } = setup(source)
    const used = await engine.current(ctx)
    const renewed = await Promise.all(Array.from({ length: 50 }, () => engine.renew(used, ctx)))
    expect(source.calls).toBe(2)
    expect(renewed.every((token) => token.accessToken === 'access-2')).toBe(true)
    const late = await engine.renew(used, ctx)
    expect(late.accessToken).toBe('access-2')
    expect(source.calls).toBe(2)
  })

  it('never hands out a refused token again, even before it expires', async () => {
    const source = counter()
    const { engine, ctx } = setup(source)
    const used = await engine.current(ctx)
    await engine.renew(used, ctx)
    expect((await engine.current(ctx)).accessToken).toBe('access-2')
  })

  it('rotates refresh tokens atomically and never sends one twice', async () => {
    const sent: string[] = []
    let n = 0
    const source: TokenSource = {
      initialRefreshToken: 'refresh-0',
      refresh: async (refreshToken) => {
        sent.push(refreshToken)
        await new Promise((resolve) => setTimeout(resolve, 5))
        n++
        return {
          accessToken: `access-${n}`,
          tokenType: 'Bearer',
          expiresIn: 60,
          refreshToken: `refresh-${n}`,
        }
      },
    }
    const { engine, ctx, clock, store } = setup(source)
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: 20 }, () => engine.current(ctx)))
      expect((await store.get('k'))?.refreshToken).toBe(`refresh-${n}`)
      clock.advance(61)
    }
    expect(sent).toEqual(['refresh-0', 'refresh-1', 'refresh-2', 'refresh-3', 'refresh-4'])
  })

  it('on invalid_grant without another way in, clears the store and fails with REFRESH_FAILED', async () => {
    let calls = 0
    const source: TokenSource = {
      initialRefreshToken: 'refresh-0',
      refresh: async () => {
        calls++
        throw new AuthError('TOKEN_ENDPOINT_ERROR', 'answered 400 (invalid_grant)', {
          oauthError: 'invalid_grant',
          status: 400,
        })
      },
    }
    const { engine, ctx, store } = setup(source)
    await store.set('k', {
      accessToken: 'old',
      tokenType: 'Bearer',
      issuedAt: 0,
      expiresAt: 1,
      refreshToken: 'refresh-0',
    })
    await expect(engine.current(ctx)).rejects.toMatchObject({
      code: REFRESH_FAILED,
      oauthError: 'invalid_grant',
    })
    expect(await store.get('k')).toBeUndefined()
    await expect(engine.current(ctx)).rejects.toMatchObject({ code: REFRESH_FAILED })
    expect(calls).toBe(1)
  })

  it('on invalid_grant falls back to acquiring anew where it can', async () => {
    const source: TokenSource = {
      refresh: async () => {
        throw new AuthError('TOKEN_ENDPOINT_ERROR', 'x', { oauthError: 'invalid_grant' })
      },
      acquire: async () => ({ accessToken: 'fresh', tokenType: 'Bearer', expiresIn: 60 }),
    }
    const { engine, ctx, store } = setup(source)
    await store.set('k', {
      accessToken: 'old',
      tokenType: 'Bearer',
      issuedAt: 0,
      expiresAt: 1,
      refreshToken: 'r',
    })
    expect((await engine.current(ctx)).accessToken).toBe('fresh')
  })

  it('times out a hanging token request for every waiter, and the next request recovers', async () => {
    let hang = true
    const source: TokenSource = {
      acquire: () =>
        hang
          ? new Promise<TokenGrant>(() => {})
          : Promise.resolve({ accessToken: 'ok', tokenType: 'Bearer' }),
    }
    const { engine, ctx } = setup(source, { timeout: 50 })
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => engine.current(ctx)))
    for (const result of results) {
      expect(result.status).toBe('rejected')
      expect((result as PromiseRejectedResult).reason).toMatchObject({ code: TIMEOUT })
    }
    hang = false
    expect((await engine.current(ctx)).accessToken).toBe('ok')
  })

  it('lets one waiter abort without disturbing the others', async () => {
    const source = counter()
    const { engine, ctx } = setup(source)
    const controller = new AbortController()
    const quitter = engine.current({ ...ctx, signal: controller.signal })
    const others = Promise.all(Array.from({ length: 5 }, () => engine.current(ctx)))
    controller.abort()
    await expect(quitter).rejects.toMatchObject({ code: ABORTED })
    expect((await others).map((token: StoredToken) => token.accessToken)).toEqual(
      Array(5).fill('access-1'),
    )
    expect(source.calls).toBe(1)
  })

  it('reports acquisitions, refreshes and failures without secrets', async () => {
    let fail = false
    const source: TokenSource = {
      acquire: async () => {
        if (fail) throw new AuthError('TOKEN_ENDPOINT_ERROR', 'answered 500', { status: 500 })
        return {
          accessToken: 'sentinel-access-token',
          tokenType: 'Bearer',
          expiresIn: 100,
          refreshToken: 'sentinel-refresh',
        }
      },
    }
    const { engine, ctx, clock } = setup(source)
    await engine.current(ctx)
    clock.advance(101)
    fail = true
    await expect(engine.current(ctx)).rejects.toThrow()
    const events = ctx.events as AuthEvent[]
    expect(events).toEqual([
      { type: 'acquired', strategy: 'test', reason: 'cold', expiresIn: 100 },
      {
        type: 'failed',
        strategy: 'test',
        reason: 'expired',
        code: 'TOKEN_ENDPOINT_ERROR',
        status: 500,
      },
    ])
    expect(JSON.stringify(events)).not.toContain('sentinel')
  })

  it('shares one token and one request between engines on the same store and key', async () => {
    const source = counter()
    const { engine, ctx, store } = setup(source)
    const twin = new TokenEngine({
      strategy: 'test',
      source,
      store,
      key: 'k',
      refreshWindow: 60,
      kind: tokenKind(3600),
      timeout: 5000,
    })
    const [a, b] = await Promise.all([engine.current(ctx), twin.current(ctx)])
    expect(a.accessToken).toBe(b.accessToken)
    expect(source.calls).toBe(1)
  })
})

describe('Backoff', () => {
  it('grows with jitter up to a cap and resets on success', () => {
    const backoff = new Backoff()
    expect(backoff.delay(() => 0.999)).toBe(0)
    backoff.failed()
    expect(backoff.delay(() => 0.999)).toBeLessThan(250)
    expect(backoff.delay(() => 0)).toBe(0)
    for (let i = 0; i < 20; i++) backoff.failed()
    expect(backoff.delay(() => 0.999)).toBeLessThanOrEqual(30_000)
    expect(backoff.delay(() => 0.999)).toBeGreaterThan(29_000)
    backoff.succeeded()
    expect(backoff.delay(() => 0.999)).toBe(0)
  })
})

describe('TokenEngine, under adversity', () => {
  it('never sends a refresh token again once the server answered for it, even with a broken 2xx', async () => {
    const sent: string[] = []
    const source: TokenSource = {
      initialRefreshToken: 'refresh-0',
      refresh: async (refreshToken) => {
        sent.push(refreshToken)
        throw new AuthError('INVALID_TOKEN_RESPONSE', 'token_type is missing', { status: 200 })
      },
    }
    const { engine, ctx } = setup(source)
    await expect(engine.current(ctx)).rejects.toMatchObject({ code: 'INVALID_TOKEN_RESPONSE' })
    await expect(engine.current(ctx)).rejects.toMatchObject({ code: REFRESH_FAILED })
    expect(sent).toEqual(['refresh-0'])
  })

  it('keeps a refresh token the server did not process (a 503, a network failure) for the next try', async () => {
    const sent: string[] = []
    let fail = true
    const source: TokenSource = {
      initialRefreshToken: 'refresh-0',
      refresh: async (refreshToken) => {
        sent.push(refreshToken)
        if (fail) throw new AuthError('TOKEN_ENDPOINT_ERROR', 'answered 503', { status: 503 })
        return { accessToken: 'ok', tokenType: 'Bearer', refreshToken: 'refresh-1' }
      },
    }
    const { engine, ctx } = setup(source)
    await expect(engine.current(ctx)).rejects.toMatchObject({ status: 503 })
    fail = false
    expect((await engine.current(ctx)).accessToken).toBe('ok')
    expect(sent).toEqual(['refresh-0', 'refresh-0'])
  })

  it('keeps the configured refresh token when a server that does not rotate sends none back', async () => {
    const sent: string[] = []
    const source: TokenSource = {
      initialRefreshToken: 'refresh-0',
      refresh: async (refreshToken) => {
        sent.push(refreshToken)
        return { accessToken: `access-${sent.length}`, tokenType: 'Bearer', expiresIn: 60 }
      },
    }
    const { engine, ctx, clock } = setup(source)
    expect((await engine.current(ctx)).refreshToken).toBe('refresh-0')
    clock.advance(61)
    expect((await engine.current(ctx)).accessToken).toBe('access-2')
    expect(sent).toEqual(['refresh-0', 'refresh-0'])
  })

  it('does not keep a refused refresh token on the token acquired instead', async () => {
    const sent: string[] = []
    const source: TokenSource = {
      refresh: async (refreshToken) => {
        sent.push(refreshToken)
        throw new AuthError('TOKEN_ENDPOINT_ERROR', 'x', {
          oauthError: 'invalid_grant',
          status: 400,
        })
      },
      acquire: async () => ({ accessToken: 'fresh', tokenType: 'Bearer', expiresIn: 60 }),
    }
    const { engine, ctx, clock, store } = setup(source)
    await store.set('k', {
      accessToken: 'old',
      tokenType: 'Bearer',
      issuedAt: 0,
      expiresAt: 1,
      refreshToken: 'spent',
    })
    const token = await engine.current(ctx)
    expect(token.accessToken).toBe('fresh')
    expect(token.refreshToken).toBeUndefined()
    clock.advance(61)
    await engine.current(ctx)
    expect(sent).toEqual(['spent'])
  })

  it('uses a token the provider issues again after a refusal, without asking on every request', async () => {
    let calls = 0
    const source: TokenSource = {
      acquire: async () => {
        calls++
        return { accessToken: 'same-token', tokenType: 'Bearer', expiresIn: 300 }
      },
    }
    const { engine, ctx } = setup(source)
    const used = await engine.current(ctx)
    await engine.renew(used, ctx)
    for (let i = 0; i < 10; i++) await engine.current(ctx)
    expect(calls).toBe(2)
  })

  it('fails a hanging store with TIMEOUT instead of waiting forever', async () => {
    const source = counter()
    const { engine, ctx } = setup(source, {
      timeout: 50,
      store: { get: () => new Promise(() => {}), set: async () => {}, delete: async () => {} },
    })
    await expect(engine.current(ctx)).rejects.toMatchObject({ code: TIMEOUT })
  })

  it('fails at once, without backing off, when no refresh token is left', async () => {
    const source: TokenSource = {
      initialRefreshToken: 'refresh-0',
      refresh: async () => {
        throw new AuthError('TOKEN_ENDPOINT_ERROR', 'x', {
          oauthError: 'invalid_grant',
          status: 400,
        })
      },
    }
    const { engine, ctx } = setup(source)
    await expect(engine.current(ctx)).rejects.toMatchObject({ code: REFRESH_FAILED })
    // With timers frozen, an attempt that waited a backoff would never settle.
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    try {
      for (let i = 0; i < 5; i++) {
        await expect(engine.current(ctx)).rejects.toMatchObject({ code: REFRESH_FAILED })
      }
    } finally {
      vi.useRealTimers()
    }
  })
})
