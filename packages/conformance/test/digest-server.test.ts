import { createHash } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createDigestServer,
  expectedDigestResponse,
  expectedUserhash,
  type Handler,
  HopLog,
  type OriginServer,
  startOrigin,
} from '../src/index.js'

describe('expectedDigestResponse: RFC 7616 section 3.9.1', () => {
  const example = {
    username: 'Mufasa',
    password: 'Circle of Life',
    realm: 'http-auth@example.org',
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    method: 'GET',
    uri: '/dir/index.html',
    qop: 'auth',
    nc: '00000001',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  }

  it('MD5', () => {
    expect(expectedDigestResponse({ ...example, algorithm: 'MD5' })).toBe(
      '8ca523f5e9506fed4657c9700eebdbec',
    )
  })

  it('SHA-256', () => {
    expect(expectedDigestResponse({ ...example, algorithm: 'SHA-256' })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    )
  })

  it('section 3.9.2 (userhash): the hash is H(username:realm) over UTF-8', () => {
    // The values printed in the RFC for this example (userhash 488869477bf2..., response
    // ae66e67d6b42...) cannot be reproduced from its stated inputs under any encoding, so
    // this checks the definition of section 3.4.4 instead.
    const username = 'J\u00e4s\u00f8n Doe'
    expect(expectedUserhash('SHA-512-256', username, 'api@example.org')).toBe(
      createHash('sha512-256')
        .update(Buffer.from(`${username}:api@example.org`, 'utf8'))
        .digest('hex'),
    )
    expect(expectedUserhash('SHA-512-256-sess', username, 'api@example.org')).toBe(
      expectedUserhash('SHA-512-256', username, 'api@example.org'),
    )
  })

  it('covers the body for auth-int and the cnonce for -sess', () => {
    const base = { ...example, algorithm: 'SHA-256' }
    const int = (body: string) =>
      expectedDigestResponse({ ...base, qop: 'auth-int', body: Buffer.from(body) })
    expect(int('a')).not.toBe(int('b'))
    const sess = (cnonce: string) =>
      expectedDigestResponse({ ...base, algorithm: 'SHA-256-sess', cnonce })
    expect(sess('x')).not.toBe(sess('y'))
  })
})

describe('the Digest server', () => {
  // One plain origin is enough here; the full kit (with its TLS certificates) is not needed.
  let origin: OriginServer
  let handler: Handler | undefined
  const kit = {
    http: '',
    handle: (_prefix: string, route: Handler) => {
      handler = route
    },
  }
  beforeAll(async () => {
    origin = await startOrigin({
      log: new HopLog(),
      route: () => (hop, url, response) => handler?.(hop, url, response),
    })
    kit.http = `http://127.0.0.1:${origin.port}`
  })
  afterAll(() => origin.close())
  beforeEach(() => {
    handler = undefined
  })

  /** Answers a challenge by hand, the way RFC 7616 says, with node:crypto. */
  function answer(
    challenge: string,
    target: string,
    options: { nc?: string; password?: string } = {},
  ) {
    const nonce = /nonce="([^"]+)"/.exec(challenge)?.[1] ?? ''
    const opaque = /opaque="([^"]+)"/.exec(challenge)?.[1] ?? ''
    const nc = options.nc ?? '00000001'
    const response = expectedDigestResponse({
      algorithm: 'SHA-256',
      username: 'alice',
      password: options.password ?? 'wonderland',
      realm: 'conformance@latchkey',
      nonce,
      method: 'GET',
      uri: target,
      qop: 'auth',
      nc,
      cnonce: 'abc',
    })
    return `Digest username="alice", realm="conformance@latchkey", uri="${target}", algorithm=SHA-256, nonce="${nonce}", nc=${nc}, cnonce="abc", qop=auth, response="${response}", opaque="${opaque}"`
  }

  it('challenges, accepts a correct answer, and refuses replays, wrong passwords and quoted nc', async () => {
    const server = createDigestServer({
      users: { alice: 'wonderland' },
      algorithms: ['SHA-256', 'MD5'],
    })
    kit.handle('/digest', server.handler)
    const target = '/digest/x?a=1&b=%20'
    const first = await fetch(`${kit.http}${target}`)
    expect(first.status).toBe(401)
    const challenge = first.headers.get('www-authenticate') ?? ''
    expect(challenge).toMatch(
      /^Digest realm="conformance@latchkey", qop="auth", algorithm=SHA-256, nonce="/,
    )
    expect(challenge).toContain(', Digest ')
    const send = (authorization: string) =>
      fetch(`${kit.http}${target}`, { headers: { authorization } }).then((r) => r.status)
    expect(await send(answer(challenge, target))).toBe(200)
    expect(await send(answer(challenge, target))).toBe(401)
    expect(await send(answer(challenge, target, { nc: '00000002', password: 'nope' }))).toBe(401)
    expect(
      await send(
        answer(challenge, target, { nc: '00000003' }).replace('nc=00000003', 'nc="00000003"'),
      ),
    ).toBe(401)
    expect(await send(answer(challenge, '/digest/x?a=1'))).toBe(401)
    expect(await send(answer(challenge, target, { nc: '00000004' }))).toBe(200)
    expect(server.verdicts.map((verdict) => verdict.reason ?? 'ok')).toEqual([
      'no credentials',
      'ok',
      'nc 00000001 reused',
      'wrong response',
      'nc must not be quoted',
      'uri /digest/x?a=1 is not the request-target /digest/x?a=1&b=%20',
      'ok',
    ])
  })

  it('says stale=true for a correct answer to an expired nonce, and rotates after N uses', async () => {
    const server = createDigestServer({
      users: { alice: 'wonderland' },
      nonces: { rotateAfter: 2 },
    })
    kit.handle('/digest', server.handler)
    const target = '/digest/rotate'
    const challenge = (await fetch(`${kit.http}${target}`)).headers.get('www-authenticate') ?? ''
    const send = (nc: string) =>
      fetch(`${kit.http}${target}`, {
        headers: { authorization: answer(challenge, target, { nc }) },
      })
    expect((await send('00000001')).status).toBe(200)
    expect((await send('00000002')).status).toBe(200)
    const stale = await send('00000003')
    expect(stale.status).toBe(401)
    expect(stale.headers.get('www-authenticate')).toContain('stale=true')
    expect(stale.headers.get('www-authenticate')).not.toContain(
      /nonce="([^"]+)"/.exec(challenge)?.[1],
    )
  })
})
