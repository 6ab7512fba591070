import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { bytesBody, oneShotBody } from '../src/adapter.js'
import { digestAlgorithm } from '../src/digest/algorithms.js'
import { digestResponse } from '../src/digest/compute.js'
import {
  type AuthError,
  type AuthStrategy,
  BODY_NOT_REPLAYABLE,
  CHALLENGE_FAILED,
  digest,
  INVALID_CONFIG,
  isAuthError,
  parseChallenges,
} from '../src/index.js'
import type { AuthFlow, AuthRequest, AuthResponse } from '../src/strategy.js'
import { context, request, response } from './helpers.js'

const USER = 'Mufasa'
const PASSWORD = 'Circle of Life ✓'
const REALM = 'http-auth@example.org'

const nodeNames: Record<string, string> = {
  MD5: 'md5',
  'SHA-256': 'sha256',
  'SHA-512-256': 'sha512-256',
}

/** RFC 7616 section 3.4, computed with node:crypto from what the header says: the server's view. */
function verify(
  header: string | null,
  options: { method: string; password?: string; username?: string; body?: string } = {
    method: 'GET',
  },
): ReadonlyMap<string, string> {
  const [credentials] = parseChallenges(header)
  expect(credentials?.scheme).toBe('digest')
  const params = credentials?.params ?? new Map<string, string>()
  const get = (name: string) => params.get(name) ?? ''
  const algorithm = get('algorithm')
  const session = algorithm.endsWith('-sess')
  const name = nodeNames[session ? algorithm.slice(0, -5) : algorithm] as string
  const H = (data: string | Buffer) => createHash(name).update(data).digest('hex')
  const username = options.username ?? USER
  let ha1 = H(`${username}:${get('realm')}:${options.password ?? PASSWORD}`)
  if (session) ha1 = H(`${ha1}:${get('nonce')}:${get('cnonce')}`)
  const qop = params.get('qop')
  const a2 =
    qop === 'auth-int'
      ? `${options.method}:${get('uri')}:${H(options.body ?? '')}`
      : `${options.method}:${get('uri')}`
  const expected =
    qop === undefined
      ? H(`${ha1}:${get('nonce')}:${H(a2)}`)
      : H(`${ha1}:${get('nonce')}:${get('nc')}:${get('cnonce')}:${qop}:${H(a2)}`)
  expect(get('response')).toBe(expected)
  return params
}

function challenge(
  params: Record<string, string>,
  unquoted: string[] = ['algorithm', 'stale', 'userhash'],
): string {
  const list = Object.entries({ realm: REALM, nonce: 'nonce-1', ...params }).map(([name, value]) =>
    unquoted.includes(name) ? `${name}=${value}` : `${name}="${value.replace(/["\\]/g, '\\$&')}"`,
  )
  return `Digest ${list.join(', ')}`
}

const unauthorized = (header: string): AuthResponse => response(401, { 'www-authenticate': header })

/** Drives a flow, answering each request it yields with `respond`; returns what it sent. */
async function run(flow: AuthFlow, respond: (sent: AuthRequest, index: number) => AuthResponse) {
  const sent: AuthRequest[] = []
  let step = await flow.next()
  while (!step.done) {
    sent.push(step.value)
    step = await flow.next(respond(step.value, sent.length - 1))
  }
  return sent
}

/** A server that always challenges with `header` and accepts any authorization. */
function challengeThenOk(header: string) {
  return (sent: AuthRequest) =>
    sent.headers.has('authorization') ? response(200) : unauthorized(header)
}

async function once(
  strategy: AuthStrategy,
  header: string,
  req: AuthRequest = request('https://api.example.com/dir/index.html?x=1&y=two%20words'),
) {
  const sent = await run(strategy.flow(req, context()), challengeThenOk(header))
  return sent
}

async function failure(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(isAuthError(error), String(error)).toBe(true)
  return error as AuthError
}

describe('digest: RFC 7616 section 3.9.1 worked examples', () => {
  for (const [algorithm, expected] of [
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ] as const) {
    it(`${algorithm}`, async () => {
      const response = digestResponse({
        algorithm: digestAlgorithm(algorithm) as NonNullable<ReturnType<typeof digestAlgorithm>>,
        username: 'Mufasa',
        password: 'Circle of Life',
        realm: 'http-auth@example.org',
        nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
        method: 'GET',
        uri: '/dir/index.html',
        qop: 'auth',
        nc: '00000001',
        cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
      })
      expect(response).toBe(expected)
    })
  }
})

describe('digest: answering a challenge', () => {
  it('sends nothing first, then the answer with the exact request-target and unquoted algorithm, qop, nc', async () => {
    const sent = await once(
      digest({ username: USER, password: PASSWORD }),
      challenge({ qop: 'auth', opaque: 'opaque "value"', algorithm: 'MD5' }),
    )
    expect(sent).toHaveLength(2)
    expect(sent[0]?.headers.has('authorization')).toBe(false)
    const header = sent[1]?.headers.get('authorization') ?? ''
    expect(header).toMatch(/^Digest /)
    expect(header).toContain('algorithm=MD5,')
    expect(header).toContain('qop=auth,')
    expect(header).toContain('nc=00000001,')
    expect(header).toContain('opaque="opaque \\"value\\""')
    expect(header).not.toContain(PASSWORD)
    const params = verify(header)
    expect(params.get('uri')).toBe('/dir/index.html?x=1&y=two%20words')
    expect(params.get('username')).toBe(USER)
    expect(params.get('realm')).toBe(REALM)
    expect(params.get('opaque')).toBe('opaque "value"')
    expect(params.get('cnonce')).toMatch(/^[0-9a-f]{32}$/)
    expect(() => verify(header, { method: 'GET', password: 'another password' })).toThrow()
    expect(() => verify(header, { method: 'POST' })).toThrow()
  })

  for (const algorithm of [
    'MD5',
    'MD5-sess',
    'SHA-256',
    'SHA-256-sess',
    'SHA-512-256',
    'SHA-512-256-sess',
  ]) {
    it(`answers ${algorithm}`, async () => {
      const sent = await once(
        digest({ username: USER, password: PASSWORD }),
        challenge({ qop: 'auth', algorithm }),
      )
      expect(verify(sent[1]?.headers.get('authorization') ?? null).get('algorithm')).toBe(algorithm)
    })
  }

  it('takes MD5 when the challenge names no algorithm, and algorithm names in any case', async () => {
    const strategy = digest({ username: USER, password: PASSWORD })
    let sent = await once(strategy, challenge({ qop: 'auth' }))
    expect(verify(sent[1]?.headers.get('authorization') ?? null).get('algorithm')).toBe('MD5')
    sent = await once(
      digest({ username: USER, password: PASSWORD }),
      challenge({ qop: 'auth', algorithm: 'sha-256' }),
    )
    expect(verify(sent[1]?.headers.get('authorization') ?? null).get('algorithm')).toBe('SHA-256')
  })

  it('picks the strongest of several challenges, within the allowed algorithms', async () => {
    const offered = [
      challenge({ qop: 'auth', algorithm: 'MD5' }),
      challenge({ qop: 'auth', algorithm: 'SHA-512-256' }),
      challenge({ qop: 'auth', algorithm: 'SHA-256' }),
    ].join(', ')
    let sent = await once(digest({ username: USER, password: PASSWORD }), offered)
    expect(verify(sent[1]?.headers.get('authorization') ?? null).get('algorithm')).toBe(
      'SHA-512-256',
    )
    sent = await once(
      digest({ username: USER, password: PASSWORD, algorithms: ['MD5', 'SHA-256'] }),
      offered,
    )
    expect(verify(sent[1]?.headers.get('authorization') ?? null).get('algorithm')).toBe('SHA-256')
  })

  it('qop="unknown,auth" picks auth', async () => {
    const sent = await once(
      digest({ username: USER, password: PASSWORD }),
      challenge({ qop: 'unknown,auth' }),
    )
    expect(verify(sent[1]?.headers.get('authorization') ?? null).get('qop')).toBe('auth')
  })

  it('auth-int hashes the exact body bytes', async () => {
    const body = 'name=ü&x=1'
    const req = request('https://api.example.com/form', {
      method: 'POST',
      body: bytesBody(body, body),
    })
    const sent = await once(
      digest({ username: USER, password: PASSWORD }),
      challenge({ qop: 'auth,auth-int', algorithm: 'SHA-256' }),
      req,
    )
    const params = verify(sent[1]?.headers.get('authorization') ?? null, { method: 'POST', body })
    expect(params.get('qop')).toBe('auth-int')
    expect(sent[1]?.body).toBe(req.body)
  })

  it('auth-int of a request without a body hashes the empty body', async () => {
    const sent = await once(
      digest({ username: USER, password: PASSWORD }),
      challenge({ qop: 'auth-int' }),
    )
    expect(
      verify(sent[1]?.headers.get('authorization') ?? null, { method: 'GET', body: '' }).get('qop'),
    ).toBe('auth-int')
  })

  it('a one-shot body is answered with auth when offered, and fails clearly when only auth-int is', async () => {
    const post = () =>
      request('https://api.example.com/upload', { method: 'POST', body: oneShotBody({}) })
    const sent = await once(
      digest({ username: USER, password: PASSWORD }),
      challenge({ qop: 'auth-int, auth' }),
      post(),
    )
    expect(
      verify(sent[1]?.headers.get('authorization') ?? null, { method: 'POST' }).get('qop'),
    ).toBe('auth')
    const error = await failure(
      once(digest({ username: USER, password: PASSWORD }), challenge({ qop: 'auth-int' }), post()),
    )
    expect(error.code).toBe(BODY_NOT_REPLAYABLE)
    expect(error.message).toContain('auth-int')
  })

  it('answers an RFC 2069 challenge (no qop) without nc or cnonce', async () => {
    const sent = await once(
      digest({ username: USER, password: PASSWORD }),
      challenge({ opaque: 'o' }),
    )
    const params = verify(sent[1]?.headers.get('authorization') ?? null)
    expect(params.has('nc')).toBe(false)
    expect(params.has('cnonce')).toBe(false)
    expect(params.has('qop')).toBe(false)
  })

  it('hashes the username when the server offers userhash', async () => {
    const username = 'Jäsøn Doe'
    const sent = await once(
      digest({ username, password: 'Secret, or not?' }),
      challenge({ qop: 'auth', algorithm: 'SHA-512-256', charset: 'UTF-8', userhash: 'true' }),
    )
    const header = sent[1]?.headers.get('authorization') ?? ''
    const params = verify(header, { method: 'GET', username, password: 'Secret, or not?' })
    expect(params.get('username')).toBe(
      createHash('sha512-256').update(`${username}:${REALM}`).digest('hex'),
    )
    expect(params.get('userhash')).toBe('true')
    expect(header).not.toMatch(/J.s.n|Doe/)
  })

  it('without charset=UTF-8, sends a non-ASCII username as its raw UTF-8 bytes (what Apache reads)', async () => {
    const username = 'Jäsøn Doe'
    const sent = await once(digest({ username, password: PASSWORD }), challenge({ qop: 'auth' }))
    const header = sent[1]?.headers.get('authorization') ?? ''
    expect(header).not.toContain('username*')
    const params = verify(header, { method: 'GET', username })
    expect(Buffer.from(params.get('username') ?? '', 'latin1').toString('utf8')).toBe(username)
  })

  it('with charset=UTF-8, sends a non-ASCII username as username* in UTF-8', async () => {
    const username = "Jäsøn Doe (it's)"
    const sent = await once(
      digest({ username, password: PASSWORD }),
      challenge({ qop: 'auth', charset: 'UTF-8' }),
    )
    const header = sent[1]?.headers.get('authorization') ?? ''
    expect(header).toContain("username*=UTF-8''J%C3%A4s%C3%B8n%20Doe%20%28it%27s%29")
    verify(header, { method: 'GET', username })
  })

  it('escapes quotes and backslashes in an ASCII username', async () => {
    const username = 'dom\\"ain'
    const sent = await once(digest({ username, password: PASSWORD }), challenge({ qop: 'auth' }))
    const params = verify(sent[1]?.headers.get('authorization') ?? null, {
      method: 'GET',
      username,
    })
    expect(params.get('username')).toBe(username)
  })

  it('leaves a 401 without a Digest challenge to the caller', async () => {
    const sent = await run(
      digest({ username: USER, password: PASSWORD }).flow(request(), context()),
      () => unauthorized('Basic realm="x"'),
    )
    expect(sent).toHaveLength(1)
  })

  it('fails with CHALLENGE_FAILED when no Digest challenge can be answered', async () => {
    for (const header of [
      challenge({ qop: 'auth', algorithm: 'SHA-1' }),
      challenge({ qop: 'auth-conf' }),
      challenge({ algorithm: 'MD5-sess' }),
      `${challenge({ qop: 'auth', algorithm: 'MD5' })}`,
    ]) {
      const strategy = digest({
        username: USER,
        password: PASSWORD,
        algorithms: ['SHA-256', 'SHA-512-256'],
      })
      const error = await failure(
        run(strategy.flow(request(), context()), () => unauthorized(header)),
      )
      expect(error.code).toBe(CHALLENGE_FAILED)
      expect(error.response?.status).toBe(401)
      expect(error.message).not.toContain(PASSWORD)
    }
  })
})

describe('digest: nonces, counts and retries', () => {
  const header = challenge({ qop: 'auth', algorithm: 'SHA-256' })

  it('authenticates later requests to the same origin at once, counting nc per nonce', async () => {
    const strategy = digest({ username: USER, password: PASSWORD })
    await once(strategy, header)
    const ok = () => response(200)
    const second = await run(
      strategy.flow(request('https://api.example.com/other?q=1'), context()),
      ok,
    )
    const third = await run(strategy.flow(request('https://api.example.com/third'), context()), ok)
    expect(second).toHaveLength(1)
    expect(verify(second[0]?.headers.get('authorization') ?? null).get('nc')).toBe('00000002')
    expect(verify(third[0]?.headers.get('authorization') ?? null).get('nc')).toBe('00000003')
    const cnonces = [second, third].map((sent) =>
      parseChallenges(sent[0]?.headers.get('authorization'))[0]?.params.get('cnonce'),
    )
    expect(new Set(cnonces).size).toBe(2)
    const elsewhere = await run(strategy.flow(request('https://other.example.com/'), context()), ok)
    expect(elsewhere[0]?.headers.has('authorization')).toBe(false)
  })

  it('keeps one cnonce per nonce for -sess algorithms', async () => {
    const strategy = digest({ username: USER, password: PASSWORD })
    const first = await once(strategy, challenge({ qop: 'auth', algorithm: 'MD5-sess' }))
    const second = await run(
      strategy.flow(request('https://api.example.com/next'), context()),
      () => response(200),
    )
    const cnonce = (sent: AuthRequest[], index: number) =>
      verify(sent[index]?.headers.get('authorization') ?? null).get('cnonce')
    expect(cnonce(second, 0)).toBe(cnonce(first, 1))
  })

  it('limits preemptive answers to the domain the challenge named', async () => {
    const strategy = digest({ username: USER, password: PASSWORD })
    await once(
      strategy,
      challenge({ qop: 'auth', domain: '/api/ https://elsewhere.example.com/' }),
      request('https://api.example.com/api/one'),
    )
    const ok = () => response(200)
    const inside = await run(
      strategy.flow(request('https://api.example.com/api/two'), context()),
      ok,
    )
    const outside = await run(
      strategy.flow(request('https://api.example.com/static/x'), context()),
      ok,
    )
    const foreign = await run(
      strategy.flow(request('https://elsewhere.example.com/'), context()),
      ok,
    )
    expect(inside[0]?.headers.has('authorization')).toBe(true)
    expect(outside[0]?.headers.has('authorization')).toBe(false)
    expect(foreign[0]?.headers.has('authorization')).toBe(false)
  })

  it('a nonce serves one request at a time: concurrent ones get a challenge of their own', async () => {
    const strategy = digest({ username: USER, password: PASSWORD })
    await once(strategy, challenge({ qop: 'auth', algorithm: 'SHA-256', nonce: 'first' }))
    let issued = 0
    const all = await Promise.all(
      Array.from({ length: 5 }, (_, n) =>
        run(strategy.flow(request(`https://api.example.com/item/${n}`), context()), (sent) =>
          sent.headers.has('authorization')
            ? response(200)
            : unauthorized(challenge({ qop: 'auth', algorithm: 'SHA-256', nonce: `n${++issued}` })),
        ),
      ),
    )
    const answers = all.map((sent) => verify(sent.at(-1)?.headers.get('authorization') ?? null))
    expect(answers.map((params) => `${params.get('nonce')} ${params.get('nc')}`).sort()).toEqual([
      'first 00000002',
      'n1 00000001',
      'n2 00000001',
      'n3 00000001',
      'n4 00000001',
    ])
    // Back to sequential: the first free nonce, one round trip.
    const later = await run(
      strategy.flow(request('https://api.example.com/later'), context()),
      () => response(200),
    )
    expect(later).toHaveLength(1)
    expect(verify(later[0]?.headers.get('authorization') ?? null).get('nonce')).toBe('first')
  })

  it('a flow ended early (an abort, a network error) frees its nonce', async () => {
    const strategy = digest({ username: USER, password: PASSWORD })
    await once(strategy, challenge({ qop: 'auth', algorithm: 'SHA-256', nonce: 'first' }))
    const aborted = strategy.flow(request('https://api.example.com/aborted'), context())
    const step = await aborted.next()
    expect(step.done).toBe(false)
    await aborted.return(undefined)
    const later = await run(
      strategy.flow(request('https://api.example.com/later'), context()),
      () => response(200),
    )
    expect(later).toHaveLength(1)
    expect(verify(later[0]?.headers.get('authorization') ?? null).get('nc')).toBe('00000003')
  })

  it('a server that hands everyone one nonce: concurrent requests share it, with distinct nc values', async () => {
    const strategy = digest({ username: USER, password: PASSWORD })
    await once(strategy, header)
    const burst = () =>
      Promise.all(
        Array.from({ length: 50 }, (_, n) =>
          run(
            strategy.flow(request(`https://api.example.com/item/${n}`), context()),
            challengeThenOk(header),
          ),
        ),
      )
    const first = await burst()
    // Only the first burst pays for learning that every challenge names the same nonce.
    const second = await burst()
    expect(second.every((sent) => sent.length === 1)).toBe(true)
    const counts = [...first, ...second].map((sent) =>
      verify(sent.at(-1)?.headers.get('authorization') ?? null).get('nc'),
    )
    expect(new Set(counts).size).toBe(100)
  })

  it('answers stale=true once with the new nonce, starting its count at 1', async () => {
    const strategy = digest({ username: USER, password: PASSWORD })
    await once(strategy, header)
    const sent = await run(
      strategy.flow(request('https://api.example.com/later'), context()),
      (_, index) =>
        index === 0
          ? unauthorized(
              challenge({ qop: 'auth', algorithm: 'SHA-256', nonce: 'nonce-2', stale: 'true' }),
            )
          : response(200),
    )
    expect(sent).toHaveLength(2)
    const retried = verify(sent[1]?.headers.get('authorization') ?? null)
    expect(retried.get('nonce')).toBe('nonce-2')
    expect(retried.get('nc')).toBe('00000001')
  })

  it('retries refused credentials exactly once, then hands the 401 over', async () => {
    const strategy = digest({ username: USER, password: 'wrong password' })
    const sent = await run(strategy.flow(request(), context()), () => unauthorized(header))
    expect(sent).toHaveLength(2)
    const again = await run(strategy.flow(request(), context()), () => unauthorized(header))
    expect(again).toHaveLength(2)
    expect(again[0]?.headers.has('authorization')).toBe(true)
  })

  it('never loops on a server that always says stale', async () => {
    const strategy = digest({ username: USER, password: PASSWORD })
    let n = 0
    const sent = await run(strategy.flow(request(), context()), () =>
      unauthorized(challenge({ qop: 'auth', nonce: `nonce-${++n}`, stale: 'true' })),
    )
    expect(sent).toHaveLength(3)
  })

  it('leaves a request with the caller’s own Authorization alone (through runFlow)', async () => {
    const { runFlow } = await import('../src/flow/run.js')
    const mine = request(undefined, { headers: { authorization: 'Digest mine' } })
    const sent = await run(
      runFlow(digest({ username: USER, password: PASSWORD }), mine, context()),
      () => unauthorized(header),
    )
    expect(sent).toHaveLength(1)
    expect(sent[0]?.headers.get('authorization')).toBe('Digest mine')
  })
})

describe('digest: configuration', () => {
  function invalid(build: () => unknown) {
    try {
      build()
    } catch (error) {
      expect(isAuthError(error) && error.code === INVALID_CONFIG).toBe(true)
      return
    }
    throw new Error('expected INVALID_CONFIG')
  }

  it('validates at construction', () => {
    invalid(() => digest(undefined as never))
    invalid(() => digest({ username: 1 as unknown as string, password: 'p' }))
    invalid(() => digest({ username: 'u', password: undefined as unknown as string }))
    invalid(() => digest({ username: 'u\n', password: 'p' }))
    invalid(() => digest({ username: 'u', password: 'p\u0000' }))
    invalid(() => digest({ username: 'u', password: 'p', algorithms: [] }))
    invalid(() => digest({ username: 'u', password: 'p', algorithms: ['SHA-1' as never] }))
  })

  it('declares the Authorization header and keeps the password off the strategy object', () => {
    const strategy = digest({ username: USER, password: 'sentinel-password-42' })
    expect(strategy.secrets).toEqual({ headers: ['authorization'], query: [] })
    expect(strategy.name).toBe('digest')
    expect(JSON.stringify(strategy)).not.toContain('sentinel')
  })
})
