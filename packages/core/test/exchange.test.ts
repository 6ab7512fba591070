import { describe, expect, it, vi } from 'vitest'
import { Authenticator, bytesBody, drive, oneShotBody, type Transmitter } from '../src/adapter.js'

import {
  type AuthEvent,
  apiKey,
  BODY_NOT_REPLAYABLE,
  bearer,
  chain,
  INVALID_CONFIG,
  TOO_MANY_REDIRECTS,
  UNSAFE_REDIRECT,
} from '../src/index.js'
import type { AuthRequest } from '../src/strategy.js'
import { request, response, retryingStrategy } from './helpers.js'

interface Reply {
  readonly status: number
  readonly headers?: Record<string, string>
}

/** An in-memory transmitter: records what would go on the wire and answers from a script. */
function scripted(replies: Reply[], options: Partial<Transmitter<Reply>> = {}) {
  const wire: AuthRequest[] = []
  const transmitter: Transmitter<Reply> = {
    followRedirects: true,
    maxRedirects: 20,
    send: async (sent) => {
      wire.push(sent)
      return replies.shift() ?? { status: 200 }
    },
    view: (reply) => response(reply.status, reply.headers),
    discard: () => {},
    ...options,
  }
  return { wire, transmitter }
}

function authenticator(strategy = bearer('sentinel-token-123'), events: AuthEvent[] = []) {
  return new Authenticator(strategy, { onEvent: (event) => events.push(event) })
}

describe('Exchange and drive', () => {
  it('applies credentials and returns the response', async () => {
    const { wire, transmitter } = scripted([{ status: 204 }])
    const reply = await drive(authenticator().exchange(), request(), transmitter)
    expect(reply.status).toBe(204)
    expect(wire.map((sent) => sent.headers.get('authorization'))).toEqual([
      'Bearer sentinel-token-123',
    ])
  })

  it('keeps credentials on a same-origin redirect and re-applies them freshly', async () => {
    let n = 0
    const { wire, transmitter } = scripted([{ status: 302, headers: { location: '/next' } }])
    await drive(
      authenticator(bearer(() => `token-${++n}-abcdef`)).exchange(),
      request(),
      transmitter,
    )
    expect(wire.map((sent) => sent.headers.get('authorization'))).toEqual([
      'Bearer token-1-abcdef',
      'Bearer token-2-abcdef',
    ])
    expect(wire[1]?.url.href).toBe('https://api.example.com/next')
  })

  it('strips every credential once the chain leaves the origin, for the rest of the chain', async () => {
    const events: AuthEvent[] = []
    const strategy = chain(
      apiKey({ header: 'X-API-Key', value: 'sentinel-key-1' }),
      bearer('sentinel-token-2'),
    )
    const { wire, transmitter } = scripted([
      { status: 307, headers: { location: 'https://other.example.com/a?x=1' } },
      { status: 308, headers: { location: 'https://api.example.com/back' } },
    ])
    const original = request(undefined, {
      headers: { cookie: 'session=1', 'Proxy-Authorization': 'Basic cHJveHk6cHc=' },
    })
    await drive(authenticator(strategy, events).exchange(), original, transmitter)
    expect(wire).toHaveLength(3)
    expect(wire[0]?.headers.get('x-api-key')).toBe('sentinel-key-1')
    for (const hop of wire.slice(1)) {
      expect([...hop.headers.keys()]).toEqual([])
    }
    expect(events).toContainEqual({
      type: 'stripped',
      from: 'https://api.example.com',
      to: 'https://other.example.com',
    })
  })

  it('treats https to http on the same host as leaving the origin', async () => {
    const { wire, transmitter } = scripted([
      { status: 301, headers: { location: 'http://api.example.com/' } },
    ])
    await drive(authenticator().exchange(), request(), transmitter)
    expect(wire[1]?.headers.has('authorization')).toBe(false)
  })

  it('strips query-placed keys on a cross-origin hop', async () => {
    const strategy = apiKey({ query: 'api_key', value: 'sentinel-query-key' })
    const { wire, transmitter } = scripted([
      {
        status: 302,
        headers: { location: 'https://other.example.com/?api_key=sentinel-query-key' },
      },
    ])
    await drive(authenticator(strategy).exchange(), request(), transmitter)
    expect(wire[0]?.url.searchParams.get('api_key')).toBe('sentinel-query-key')
    expect(wire[1]?.url.search).toBe('')
  })

  it('refuses non-http(s) redirect targets and drops userinfo', async () => {
    const refused = scripted([{ status: 302, headers: { location: 'file:///etc/passwd' } }])
    await expect(
      drive(authenticator().exchange(), request(), refused.transmitter),
    ).rejects.toMatchObject({
      code: UNSAFE_REDIRECT,
    })
    const userinfo = scripted([
      { status: 302, headers: { location: 'https://evil:pw@api.example.com/x' } },
    ])
    await drive(authenticator().exchange(), request(), userinfo.transmitter)
    expect(userinfo.wire[1]?.url.href).toBe('https://api.example.com/x')
  })

  it('turns 303 and POST-after-302 into a body-less GET, keeps method and body on 307', async () => {
    const post = request(undefined, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: bytesBody('hello', 'hello'),
    })
    const see = scripted([{ status: 303, headers: { location: '/see' } }])
    await drive(authenticator().exchange(), post, see.transmitter)
    expect(see.wire[1]).toMatchObject({ method: 'GET', body: null })
    expect(see.wire[1]?.headers.has('content-type')).toBe(false)
    const temporary = scripted([{ status: 307, headers: { location: '/tmp' } }])
    await drive(authenticator().exchange(), post, temporary.transmitter)
    expect(temporary.wire[1]?.method).toBe('POST')
    expect(temporary.wire[1]?.body?.source).toBe('hello')
  })

  it('will not follow a 307 with a one-shot body', async () => {
    const post = request(undefined, { method: 'PUT', body: oneShotBody('stream') })
    const { transmitter } = scripted([{ status: 307, headers: { location: '/tmp' } }])
    await expect(drive(authenticator().exchange(), post, transmitter)).rejects.toMatchObject({
      code: BODY_NOT_REPLAYABLE,
    })
  })

  it('stops redirect loops at the limit', async () => {
    const loop = { status: 302, headers: { location: '/loop' } }
    const { transmitter } = scripted(
      Array.from({ length: 10 }, () => loop),
      { maxRedirects: 3 },
    )
    await expect(drive(authenticator().exchange(), request(), transmitter)).rejects.toMatchObject({
      code: TOO_MANY_REDIRECTS,
    })
  })

  it('hands 3xx to the caller when redirects are not followed', async () => {
    const { wire, transmitter } = scripted([{ status: 302, headers: { location: '/x' } }], {
      followRedirects: false,
    })
    const reply = await drive(authenticator().exchange(), request(), transmitter)
    expect(reply.status).toBe(302)
    expect(wire).toHaveLength(1)
  })

  it('resends when the strategy asks, and reports it', async () => {
    const events: AuthEvent[] = []
    const { wire, transmitter } = scripted([{ status: 401 }, { status: 200 }])
    const reply = await drive(
      authenticator(retryingStrategy(), events).exchange(),
      request(),
      transmitter,
    )
    expect(reply.status).toBe(200)
    expect(wire.map((sent) => sent.headers.get('x-attempt'))).toEqual([
      'credential-1',
      'credential-2',
    ])
    expect(events).toContainEqual({
      type: 'retried',
      strategy: 'retrying',
      origin: 'https://api.example.com',
      status: 401,
    })
  })

  it('never resends a one-shot body: the 401 goes to the caller', async () => {
    const events: AuthEvent[] = []
    const { wire, transmitter } = scripted([{ status: 401 }])
    const upload = request(undefined, { method: 'POST', body: oneShotBody('stream') })
    const reply = await drive(
      authenticator(retryingStrategy(), events).exchange(),
      upload,
      transmitter,
    )
    expect(reply.status).toBe(401)
    expect(wire).toHaveLength(1)
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'retry-skipped', reason: 'BODY_NOT_REPLAYABLE' }),
    )
  })

  it('skips the strategy on opt-out and out of scope, but still applies redirect policy', async () => {
    const skipped = scripted([{ status: 302, headers: { location: 'https://other.example.com/' } }])
    const mine = request(undefined, { headers: { authorization: 'Bearer mine' } })
    await drive(authenticator().exchange({ skip: true }), mine, skipped.transmitter)
    expect(skipped.wire[0]?.headers.get('authorization')).toBe('Bearer mine')
    expect(skipped.wire[1]?.headers.has('authorization')).toBe(false)

    const scoped = new Authenticator(bearer('sentinel-token-123'), {
      origins: ['https://api.example.com'],
    })
    const outside = scripted([])
    await drive(scoped.exchange(), request('https://elsewhere.example.com/'), outside.transmitter)
    expect(outside.wire[0]?.headers.has('authorization')).toBe(false)
  })

  it('starts each hop clean when the client rebuilds it from the previous one (got)', async () => {
    const exchange = authenticator(apiKey({ query: 'key', value: 'sentinel-key-9' })).exchange()
    const first = await exchange.prepare(request())
    expect(first.url.searchParams.get('key')).toBe('sentinel-key-9')
    const again = await exchange.prepare(first)
    expect(again.url.searchParams.getAll('key')).toEqual(['sentinel-key-9'])
  })

  it('validates withAuth options', () => {
    expect(() => new Authenticator('bearer' as never)).toThrow(
      expect.objectContaining({ code: INVALID_CONFIG }),
    )
    expect(() => new Authenticator(bearer('abcdef'), { origins: ['https://a.com/path'] })).toThrow(
      expect.objectContaining({ code: INVALID_CONFIG }),
    )
    expect(
      () => new Authenticator(bearer('abcdef'), { allowInsecureHttp: 'yes' as never }),
    ).toThrow(expect.objectContaining({ code: INVALID_CONFIG }))
  })

  it('scrubs values of headers a hand-written strategy declares in any case', async () => {
    const strategy = {
      name: 'custom',
      secrets: { headers: ['X-Custom-Secret'], query: [] },
      async *flow(request: AuthRequest) {
        const headers = new Headers(request.headers)
        headers.set('X-Custom-Secret', 'sentinel-custom-value')
        yield { ...request, headers }
      },
    }
    const auth = new Authenticator(strategy)
    const { transmitter } = scripted([{ status: 200 }])
    await drive(auth.exchange(), request(), transmitter)
    const error = auth.redact(new Error('failed with sentinel-custom-value'))
    expect(error.message).not.toContain('sentinel')
  })

  it('never lets a throwing event listener change a request, and warns once per listener', async () => {
    const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    try {
      const auth = new Authenticator(retryingStrategy(), {
        onEvent: () => {
          throw new Error('listener bug')
        },
      })
      for (let round = 0; round < 2; round++) {
        const { transmitter } = scripted([{ status: 401 }, { status: 200 }])
        const reply = await drive(auth.exchange(), request(), transmitter)
        expect(reply.status).toBe(200)
      }
      // Nothing is thrown later on a timer either (that would crash the process).
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(warnings).toHaveBeenCalledTimes(1)
      expect(String(warnings.mock.calls[0]?.[0])).toContain('listener bug')
      expect(warnings.mock.calls[0]?.[1]).toMatchObject({ type: 'LatchkeyListenerWarning' })
    } finally {
      warnings.mockRestore()
    }
  })
})
