import { describe, expect, it } from 'vitest'
import { runFlow } from '../src/flow/run.js'
import {
  AuthError,
  apiKey,
  basic,
  bearer,
  CREDENTIAL_UNAVAILABLE,
  chain,
  INSECURE_TRANSPORT,
  INVALID_CONFIG,
  isAuthError,
  none,
  route,
  TIMEOUT,
} from '../src/index.js'
import { thrown } from '../src/testing/index.js'
import { context, drain, request, response, retryingStrategy } from './helpers.js'

function expectInvalid(build: () => unknown): AuthError {
  const error = thrown(build) as AuthError
  expect(error?.code).toBe(INVALID_CONFIG)
  return error
}

describe('basic', () => {
  it('encodes user:pass as UTF-8 base64 (RFC 7617 charset="UTF-8")', async () => {
    const [sent] = await drain(
      basic({ username: 'test', password: '123£' }).flow(request(), context()),
    )
    // RFC 7617 section 2.1 example: "test:123£" in UTF-8 is dGVzdDoxMjPCow==
    expect(sent?.headers.get('authorization')).toBe('Basic dGVzdDoxMjPCow==')
  })

  it('matches the RFC 7617 Aladdin example', async () => {
    const [sent] = await drain(
      basic({ username: 'Aladdin', password: 'open sesame' }).flow(request(), context()),
    )
    expect(sent?.headers.get('authorization')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==')
  })

  it('rejects a colon in the username and control characters at construction', () => {
    expectInvalid(() => basic({ username: 'a:b', password: 'x' }))
    expectInvalid(() => basic({ username: 'a\nb', password: 'x' }))
    expectInvalid(() => basic({ username: 'a', password: 'x\u0000' }))
    expectInvalid(() => basic({ username: 'a', password: 'x\u007f' }))
    expectInvalid(() => basic({ username: 1 as unknown as string, password: 'x' }))
    expectInvalid(() => basic(undefined as unknown as { username: string; password: string }))
  })

  it('never exposes the password on the strategy object', () => {
    const strategy = basic({ username: 'user', password: 'sentinel-password-42' })
    expect(JSON.stringify(strategy)).not.toContain('sentinel')
  })

  it('does not mutate the request it is given', async () => {
    const original = request()
    await drain(basic({ username: 'u', password: 'p' }).flow(original, context()))
    expect(original.headers.has('authorization')).toBe(false)
  })
})

describe('bearer', () => {
  it('sends a static token', async () => {
    const [sent] = await drain(bearer('abc.def-ghi').flow(request(), context()))
    expect(sent?.headers.get('authorization')).toBe('Bearer abc.def-ghi')
  })

  it('calls a token function for every request', async () => {
    let n = 0
    const strategy = bearer(async () => `token-${++n}`)
    const [first] = await drain(strategy.flow(request(), context()))
    const [second] = await drain(strategy.flow(request(), context()))
    expect(first?.headers.get('authorization')).toBe('Bearer token-1')
    expect(second?.headers.get('authorization')).toBe('Bearer token-2')
  })

  it('rejects empty, spaced or multi-line tokens', async () => {
    expectInvalid(() => bearer(''))
    expectInvalid(() => bearer('two words'))
    expectInvalid(() => bearer('line\nbreak'))
    expectInvalid(() => bearer(42 as unknown as string))
    const bad = bearer(() => 'has space')
    const error = await drain(bad.flow(request(), context())).catch((e: unknown) => e)
    // Built fine; the function returned junk at request time: its own code.
    expect((error as AuthError).code).toBe(CREDENTIAL_UNAVAILABLE)
    expect((error as AuthError).message).not.toContain('has space')
  })

  it('fails the request with CREDENTIAL_UNAVAILABLE when the token function throws, keeping the cause', async () => {
    const vaultDown = new Error('vault unreachable')
    const strategy = bearer(async () => {
      throw vaultDown
    })
    const error = (await drain(strategy.flow(request(), context())).catch(
      (e: unknown) => e,
    )) as AuthError
    expect(isAuthError(error)).toBe(true)
    expect(error.code).toBe(CREDENTIAL_UNAVAILABLE)
    expect(error.message).toBe('bearer: the credential function failed')
    expect(error.cause).toBe(vaultDown)
    // Latchkey's own errors thrown inside the function go on as they are.
    const own = new AuthError(TIMEOUT, 'inner client timed out')
    const nested = bearer(() => Promise.reject(own))
    expect(await drain(nested.flow(request(), context())).catch((e: unknown) => e)).toBe(own)
  })
})

describe('apiKey', () => {
  it('puts the key in a header', async () => {
    const strategy = apiKey({ header: 'X-API-Key', value: 'k-123' })
    const [sent] = await drain(strategy.flow(request(), context()))
    expect(sent?.headers.get('x-api-key')).toBe('k-123')
    expect(strategy.secrets.headers).toEqual(['x-api-key'])
  })

  it('puts the key in the query, keeping the other parameters', async () => {
    const strategy = apiKey({ query: 'api_key', value: async () => 'k 1&2' })
    const [sent] = await drain(strategy.flow(request(), context()))
    expect(sent?.url.searchParams.get('api_key')).toBe('k 1&2')
    expect(sent?.url.searchParams.get('page')).toBe('2')
  })

  it('validates its options', () => {
    expectInvalid(() => apiKey({ value: 'x' } as never))
    expectInvalid(() => apiKey({ header: 'X', query: 'y', value: 'x' } as never))
    expectInvalid(() => apiKey({ header: 'Bad Header', value: 'x' }))
    expectInvalid(() => apiKey({ header: 'X-Key', value: 'x\r\ny' }))
    expectInvalid(() => apiKey({ query: '', value: 'x' }))
    expectInvalid(() => apiKey({ header: 'X-Key' } as never))
  })
})

describe('chain', () => {
  it('applies every strategy in order', async () => {
    const strategy = chain(apiKey({ header: 'X-API-Key', value: 'key-1' }), bearer('token-1'))
    const [sent] = await drain(strategy.flow(request(), context()))
    expect(sent?.headers.get('x-api-key')).toBe('key-1')
    expect(sent?.headers.get('authorization')).toBe('Bearer token-1')
    expect(strategy.secrets).toEqual({ headers: ['x-api-key', 'authorization'], query: [] })
  })

  it('re-applies later strategies when an earlier one retries', async () => {
    const retrying = retryingStrategy()
    const strategy = chain(retrying, bearer('token-1'))
    const sent = await drain(strategy.flow(request(), context()), [response(401), response(200)])
    expect(sent).toHaveLength(2)
    expect(sent[1]?.headers.get('x-attempt')).toBe('credential-2')
    expect(sent[1]?.headers.get('authorization')).toBe('Bearer token-1')
  })

  it('keeps earlier credentials when the last strategy retries', async () => {
    const strategy = chain(bearer('token-1'), retryingStrategy())
    const sent = await drain(strategy.flow(request(), context()), [response(401), response(200)])
    expect(sent[1]?.headers.get('authorization')).toBe('Bearer token-1')
    expect(sent[1]?.headers.get('x-attempt')).toBe('credential-2')
  })

  it('lets each part skip a credential the caller set', async () => {
    const strategy = chain(apiKey({ header: 'X-API-Key', value: 'key-1' }), bearer('token-1'))
    const mine = request(undefined, { headers: { authorization: 'Bearer mine' } })
    const [sent] = await drain(runFlow(strategy, mine, context()))
    expect(sent?.headers.get('authorization')).toBe('Bearer mine')
    expect(sent?.headers.get('x-api-key')).toBe('key-1')
  })

  it('needs strategies', () => {
    expectInvalid(() => chain())
    expectInvalid(() => chain('x' as never))
  })
})

describe('route', () => {
  const strategy = route(
    {
      'https://a.example.com': bearer('token-a'),
      'https://B.example.com:443': apiKey({ header: 'X-Key', value: 'key-b' }),
    },
    none(),
  )

  it('picks the strategy by origin', async () => {
    const [a] = await drain(strategy.flow(request('https://a.example.com/x'), context()))
    const [b] = await drain(strategy.flow(request('https://b.example.com/x'), context()))
    const [c] = await drain(strategy.flow(request('https://c.example.com/x'), context()))
    expect(a?.headers.get('authorization')).toBe('Bearer token-a')
    expect(a?.headers.has('x-key')).toBe(false)
    expect(b?.headers.get('x-key')).toBe('key-b')
    expect(b?.headers.has('authorization')).toBe(false)
    expect([...(c?.headers.keys() ?? [])]).toEqual([])
  })

  it('treats another port as another origin', async () => {
    const [sent] = await drain(strategy.flow(request('https://a.example.com:8443/x'), context()))
    expect(sent?.headers.has('authorization')).toBe(false)
  })

  it('accepts only origins as keys', () => {
    expectInvalid(() => route({ 'https://a.example.com/path': none() }))
    expectInvalid(() => route({ 'ftp://a.example.com': none() }))
    expectInvalid(() => route({ 'not a url': none() }))
    expectInvalid(() => route({ 'https://a.example.com': none(), 'https://A.example.com': none() }))
    expectInvalid(() => route({ 'https://a.example.com': {} as never }))
  })
})

describe('runFlow policy', () => {
  it('leaves a request alone when the caller set the credential header', async () => {
    const mine = request(undefined, { headers: { Authorization: 'Basic mine' } })
    const [sent] = await drain(runFlow(bearer('token'), mine, context()))
    expect(sent?.headers.get('authorization')).toBe('Basic mine')
  })

  it('refuses credentials over plain http to another machine', () => {
    // *.localhost included: Node resolves it through DNS, not to loopback.
    for (const url of ['http://api.example.com/', 'http://app.localhost/', 'http://10.0.0.1/']) {
      const attempt = () => runFlow(bearer('token'), request(url), context())
      expect(attempt).toThrow(expect.objectContaining({ code: INSECURE_TRANSPORT }))
    }
  })

  it('allows loopback and an explicit opt-in', async () => {
    for (const url of ['http://127.0.0.1:8080/', 'http://localhost/', 'http://[::1]/']) {
      const [sent] = await drain(runFlow(bearer('token'), request(url), context()))
      expect(sent?.headers.get('authorization')).toBe('Bearer token')
    }
    const allowed = context({ policy: { allowInsecureHttp: true, maxResponseBytes: 65536 } })
    const [sent] = await drain(
      runFlow(bearer('token'), request('http://api.example.com/'), allowed),
    )
    expect(sent?.headers.get('authorization')).toBe('Bearer token')
  })

  it('lets none() through plain http: there is nothing to protect', async () => {
    const [sent] = await drain(runFlow(none(), request('http://api.example.com/'), context()))
    expect(sent?.url.href).toBe('http://api.example.com/')
  })
})
