import { EventEmitter } from 'node:events'
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'

import { redactSecrets, SecretSet } from '../src/adapter.js'
import { AuthError, REDACTED } from '../src/index.js'

const secret = 'sentinel-secret-7f3a'

function secrets(): SecretSet {
  const set = new SecretSet()
  set.add(`Bearer ${secret}`)
  return set
}

describe('redactSecrets', () => {
  it('scrubs message, stack and the cause chain', () => {
    const root = new Error(`low level: Bearer ${secret}`)
    const error = new Error(`failed with ${secret}`, { cause: root })
    redactSecrets(error, secrets())
    expect(error.message).toBe(`failed with ${REDACTED}`)
    expect(inspect(error, { depth: Infinity })).not.toContain(secret)
    expect(root.stack).not.toContain(secret)
  })

  it('scrubs nested config objects, Headers and URLs, surviving cycles', () => {
    const config: Record<string, unknown> = {
      headers: { Authorization: `Bearer ${secret}` },
      fetchHeaders: new Headers({ authorization: `Bearer ${secret}` }),
      url: new URL(`https://api.example.com/?key=${secret}`),
      list: [`x ${secret}`],
      map: new Map([['k', secret]]),
    }
    config.self = config
    const error = Object.assign(new Error('boom'), { config })
    redactSecrets(error, secrets())
    expect(
      JSON.stringify(config, (key, value) => (key === 'self' ? undefined : value)),
    ).not.toContain(secret)
    expect(inspect(error, { depth: Infinity })).not.toContain(secret)
  })

  it('shadows a fetch Response url and immutable headers with clean copies', async () => {
    const response = Response.redirect(
      `https://api.example.com/?key=${encodeURIComponent(secret)}`,
      302,
    )
    const error = Object.assign(new Error('boom'), { response })
    redactSecrets(error, secrets())
    expect(inspect(error, { depth: Infinity })).not.toContain(secret)
    expect(response.headers.get('location')).toContain(REDACTED)
  })

  it("scrubs an AuthError's response headers, which logging does not show", () => {
    const error = new AuthError('TOKEN_ENDPOINT_ERROR', 'token endpoint answered 401', {
      response: {
        status: 401,
        headers: (new Response(null, { headers: { 'x-echo': `Bearer ${secret}` } }) as Response)
          .headers,
      },
    })
    redactSecrets(error, secrets())
    expect(error.response?.headers.get('x-echo')).toBe(REDACTED)
  })

  it('hides live I/O objects instead of walking them', () => {
    const socket = Object.assign(new EventEmitter(), { _header: `Authorization: Bearer ${secret}` })
    const error = Object.assign(new Error('boom'), { request: socket })
    redactSecrets(error, secrets())
    expect(error.request).toBe(socket)
    expect(socket._header).toContain(secret)
    expect(inspect(error, { depth: Infinity })).not.toContain(secret)
    expect(Object.keys(error)).not.toContain('request')
  })
})

describe('SecretSet', () => {
  it('knows the raw, scheme-less and URL-encoded forms', () => {
    const set = new SecretSet()
    set.add('Bearer a+b/c= d')
    expect(set.scrub('a+b/c= d')).toBe(REDACTED)
    expect(set.scrub('?k=a%2Bb%2Fc%3D%20d')).toBe(`?k=${REDACTED}`)
    expect(set.scrub('?k=a%2Bb%2Fc%3D+d')).toBe(`?k=${REDACTED}`)
  })

  it('knows strict RFC 3986 and form encodings, with upper- and lower-case hex', () => {
    const set = new SecretSet()
    const key = "sentinel-q'key*(x)! é"
    set.add(key)
    const strict = 'sentinel-q%27key%2A%28x%29%21%20%C3%A9'
    for (const form of [
      strict,
      strict.toLowerCase(),
      encodeURIComponent(key),
      new URLSearchParams({ v: key }).toString().slice(2),
    ])
      expect(set.scrub(`?api_key=${form}&x=1`), form).toBe(`?api_key=${REDACTED}&x=1`)
  })

  it('keeps pinned secrets however many credentials go out, and refreshes values re-added', () => {
    const set = new SecretSet()
    set.pin('sentinel-refresh-token')
    set.add('token-in-steady-use')
    for (let i = 0; i < 500; i++) {
      set.add(`signature-${i}`)
      set.add('token-in-steady-use')
    }
    expect(set.test('sentinel-refresh-token')).toBe(true)
    expect(set.test('token-in-steady-use')).toBe(true)
    expect(set.test('signature-0')).toBe(false)
  })

  it('ignores values too short to be secrets, and forgets the oldest beyond its capacity', () => {
    const set = new SecretSet()
    set.add('abc')
    expect(set.size).toBe(0)
    for (let i = 0; i < 300; i++) set.add(`token-number-${i}`)
    expect(set.size).toBeLessThanOrEqual(256)
    expect(set.test('token-number-299')).toBe(true)
    expect(set.test('token-number-0')).toBe(false)
  })

  it('keeps a value sent again among per-request ones (a token beside DPoP proofs)', () => {
    const set = new SecretSet()
    for (let i = 0; i < 1000; i++) {
      set.add('DPoP access-token-in-use')
      set.add(`proof-for-request-${i}`)
    }
    expect(set.test('access-token-in-use')).toBe(true)
    expect(set.test('proof-for-request-999')).toBe(true)
    expect(set.test('proof-for-request-0')).toBe(false)
  })
})
