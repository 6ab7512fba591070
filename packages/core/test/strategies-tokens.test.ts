import { describe, expect, it } from 'vitest'
import {
  type AuthError,
  CREDENTIAL_UNAVAILABLE,
  INVALID_CONFIG,
  MemoryTokenStore,
  oauth2,
  type TokenLoginOptions,
  tokenLogin,
} from '../src/index.js'
import { thrown } from '../src/testing/index.js'
import { context, drain, request, response } from './helpers.js'

function invalid(build: () => unknown): void {
  expect(thrown(build)).toMatchObject({ name: 'AuthError', code: INVALID_CONFIG })
}

const base = {
  tokenUrl: 'https://auth.example.com/token',
  clientId: 'id',
  clientSecret: 'secret-value',
}

describe('oauth2 factories validate at construction', () => {
  it('clientCredentials', () => {
    invalid(() => oauth2.clientCredentials({ ...base, tokenUrl: 'not a url' }))
    invalid(() => oauth2.clientCredentials({ ...base, tokenUrl: 'ftp://auth.example.com/token' }))
    invalid(() =>
      oauth2.clientCredentials({ ...base, tokenUrl: 'https://u:p@auth.example.com/token' }),
    )
    invalid(() => oauth2.clientCredentials({ ...base, clientId: '' }))
    invalid(() => oauth2.clientCredentials({ ...base, clientSecret: '' }))
    invalid(() => oauth2.clientCredentials({ ...base, clientAuth: 'jwt' as never }))
    invalid(() =>
      oauth2.clientCredentials({
        tokenUrl: base.tokenUrl,
        clientId: 'id',
        clientAuth: 'client_secret_basic',
      }),
    )
    invalid(() => oauth2.clientCredentials({ ...base, clientAuth: 'private_key_jwt' as never }))
  })

  it('clientAuth speaks RFC 7591, and says what the old short names became', () => {
    const thrown = (clientAuth: string) => {
      try {
        oauth2.clientCredentials({ ...base, clientAuth: clientAuth as never })
      } catch (error) {
        return (error as AuthError).message
      }
      return 'accepted'
    }
    expect(thrown('client_secret_post')).toBe('accepted')
    expect(thrown('client_secret_basic')).toBe('accepted')
    expect(thrown('basic')).toBe(
      'oauth2.clientCredentials: clientAuth "basic" is now "client_secret_basic" (RFC 7591)',
    )
    expect(thrown('post')).toMatch(/"post" is now "client_secret_post"/)
  })

  it('clientCredentials, more', () => {
    invalid(() => oauth2.clientCredentials({ ...base, timeout: -1 }))
    invalid(() => oauth2.clientCredentials({ ...base, timeout: 0 }))
    invalid(() => oauth2.clientCredentials({ ...base, clientAuth: 'none' }))
    invalid(() => oauth2.clientCredentials({ ...base, store: {} as never }))
    invalid(() => oauth2.clientCredentials({ ...base, apply: { header: 'bad header' } }))
    invalid(() =>
      oauth2.clientCredentials({ ...base, apply: { query: 'q', header: 'h' } as never }),
    )
    expect(oauth2.clientCredentials(base).name).toBe('oauth2.clientCredentials')
  })

  it('refreshToken and password', () => {
    invalid(() => oauth2.refreshToken({ ...base, refreshToken: '' }))
    invalid(() => oauth2.password({ ...base, username: '', password: 'x' }))
    invalid(() => oauth2.password({ ...base, username: 'u' } as never))
  })

  it('keep secrets off the strategy object', () => {
    const strategy = oauth2.password({ ...base, username: 'u', password: 'sentinel-password' })
    expect(JSON.stringify(strategy)).not.toContain('sentinel')
    expect(JSON.stringify(strategy)).not.toContain('secret-value')
  })
})

function login(result: unknown, calls: { n: number } = { n: 0 }): TokenLoginOptions {
  return {
    login: async () => {
      calls.n++
      return result as never
    },
  }
}

describe('tokenLogin', () => {
  it('places the token where apply says', async () => {
    const header = tokenLogin({ ...login({ token: 'abc' }), apply: { header: 'X-Auth-Token' } })
    const scheme = tokenLogin({ ...login({ token: 'abc' }), apply: { scheme: 'Token' } })
    const both = tokenLogin({
      ...login({ token: 'abc' }),
      apply: { header: 'X-Session', scheme: 'S' },
    })
    const query = tokenLogin({ ...login({ token: 'abc' }), apply: { query: 'access_token' } })
    const plain = tokenLogin(login({ token: 'abc' }))
    expect((await drain(header.flow(request(), context())))[0]?.headers.get('x-auth-token')).toBe(
      'abc',
    )
    expect((await drain(scheme.flow(request(), context())))[0]?.headers.get('authorization')).toBe(
      'Token abc',
    )
    expect((await drain(both.flow(request(), context())))[0]?.headers.get('x-session')).toBe(
      'S abc',
    )
    expect(
      (await drain(query.flow(request(), context())))[0]?.url.searchParams.get('access_token'),
    ).toBe('abc')
    expect((await drain(plain.flow(request(), context())))[0]?.headers.get('authorization')).toBe(
      'Bearer abc',
    )
    expect(header.secrets).toEqual({ headers: ['x-auth-token'], query: [] })
  })

  it('logs in again after a 401 and resends once; a second 401 goes to the caller', async () => {
    let n = 0
    const strategy = tokenLogin({ login: async () => ({ token: `token-${++n}` }) })
    const sent = await drain(strategy.flow(request(), context()), [response(401), response(401)])
    expect(sent.map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ])
  })

  it('does not log in again for a 403', async () => {
    const calls = { n: 0 }
    const strategy = tokenLogin(login({ token: 'abc' }, calls))
    const sent = await drain(strategy.flow(request(), context()), [response(403)])
    expect(sent).toHaveLength(1)
    expect(calls.n).toBe(1)
  })

  it('rejects what a login returns when it is not a usable token', async () => {
    for (const bad of [
      null,
      {},
      { token: '' },
      { token: 'has space' },
      { token: 'a', expiresIn: -5 },
      { token: 'a', refreshToken: '' },
    ]) {
      const strategy = tokenLogin(login(bad))
      await expect(drain(strategy.flow(request(), context()))).rejects.toMatchObject({
        code: CREDENTIAL_UNAVAILABLE,
      })
    }
  })

  it('fails with CREDENTIAL_UNAVAILABLE, the cause kept, when the login throws', async () => {
    const down = new Error('login service down')
    const strategy = tokenLogin({
      login: async () => {
        throw down
      },
    })
    const error = await drain(strategy.flow(request(), context())).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: CREDENTIAL_UNAVAILABLE,
      message: 'tokenLogin: login failed',
    })
    expect((error as AuthError).cause).toBe(down)
  })

  it('validates its options', () => {
    invalid(() => tokenLogin({} as never))
    invalid(() => tokenLogin({ login: async () => ({ token: 'a' }), refresh: 'no' as never }))
  })

  it('shares one login between strategies given the same store and key', async () => {
    const calls = { n: 0 }
    const store = new MemoryTokenStore()
    const a = tokenLogin({ ...login({ token: 'shared' }, calls), store, key: 'svc' })
    const b = tokenLogin({ ...login({ token: 'shared' }, calls), store, key: 'svc' })
    await Promise.all([drain(a.flow(request(), context())), drain(b.flow(request(), context()))])
    expect(calls.n).toBe(1)
  })
})

describe('token store keys', () => {
  it('keep two refresh tokens apart on one shared store', async () => {
    const store = new MemoryTokenStore()
    const seen: string[] = []
    const transport = async (request: Request) => {
      const form = new URLSearchParams(await request.text())
      const refreshToken = form.get('refresh_token') ?? ''
      seen.push(refreshToken)
      return Response.json({ access_token: `access-for-${refreshToken}`, token_type: 'Bearer' })
    }
    const options = { tokenUrl: 'https://auth.example.com/token', clientId: 'app', store }
    const alice = oauth2.refreshToken({ ...options, refreshToken: 'refresh-alice' })
    const bob = oauth2.refreshToken({ ...options, refreshToken: 'refresh-bob' })
    const [forAlice] = await drain(alice.flow(request(), context({ transport })))
    const [forBob] = await drain(bob.flow(request(), context({ transport })))
    expect(forAlice?.headers.get('authorization')).toBe('Bearer access-for-refresh-alice')
    expect(forBob?.headers.get('authorization')).toBe('Bearer access-for-refresh-bob')
  })

  it('keep two logins apart unless they are given the same key', async () => {
    const store = new MemoryTokenStore()
    const a = tokenLogin({ login: async () => ({ token: 'token-a' }), store })
    const b = tokenLogin({ login: async () => ({ token: 'token-b' }), store })
    const [sentA] = await drain(a.flow(request(), context()))
    const [sentB] = await drain(b.flow(request(), context()))
    expect(sentA?.headers.get('authorization')).toBe('Bearer token-a')
    expect(sentB?.headers.get('authorization')).toBe('Bearer token-b')
  })
})
