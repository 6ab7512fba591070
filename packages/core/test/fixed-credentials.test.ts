import { describe, expect, it } from 'vitest'
import { Authenticator, drive, type Transmitter } from '../src/adapter.js'
import {
  type AuthEvent,
  type AuthStrategy,
  apiKey,
  basic,
  bearer,
  chain,
  INSECURE_TRANSPORT,
  route,
} from '../src/index.js'
import { type AuthRequest, defineStrategy } from '../src/strategy.js'
import { request, response } from './helpers.js'

/**
 * Fixed credentials (`bearer('token')`, a fixed `apiKey` header, `basic()`) are applied by
 * the driver without starting their flow. Every test here compares what goes on the wire
 * with what the strategy's own flow produces, so the shortcut can never drift from it.
 */
function wire(strategy: AuthStrategy) {
  const sent: AuthRequest[] = []
  const transmitter: Transmitter<{ status: number }> = {
    followRedirects: true,
    maxRedirects: 20,
    send: async (request) => {
      sent.push(request)
      return { status: 200 }
    },
    view: (reply) => response(reply.status),
    discard: () => {},
  }
  const auth = new Authenticator(strategy)
  return { auth, sent, send: (req: AuthRequest) => auth.send(req, transmitter) }
}

/** The same strategy without the shortcut: a flow function of its own is never a fixed one. */
const unfixed = (strategy: AuthStrategy): AuthStrategy =>
  defineStrategy({ ...strategy, flow: (req, ctx) => strategy.flow(req, ctx) })

/** Each strategy built from parts passed through `wrap`: itself, or `unfixed` for the reference. */
const strategies: [string, (wrap: (s: AuthStrategy) => AuthStrategy) => AuthStrategy][] = [
  ['bearer', (wrap) => wrap(bearer('fixed-token-123456'))],
  ['apiKey', (wrap) => wrap(apiKey({ header: 'X-API-Key', value: 'fixed-key-123456' }))],
  ['basic', (wrap) => wrap(basic({ username: 'ada', password: 'pässword-123456' }))],
  [
    'chain of fixed parts, one repeating a header',
    (wrap) =>
      chain(
        wrap(apiKey({ header: 'X-A', value: 'key-a-123456' })),
        wrap(bearer('token-1-abcdef')),
        wrap(bearer('token-2-abcdef')),
      ),
  ],
  [
    'chain of a fixed part and a flow',
    (wrap) =>
      chain(
        wrap(apiKey({ header: 'X-A', value: 'key-a-123456' })),
        bearer(() => 'token-abcdef'),
      ),
  ],
  [
    'route',
    (wrap) =>
      wrap(
        route({
          'https://api.example.com': bearer('routed-token-123456'),
          'https://other.example.com': apiKey({ header: 'X-Other', value: 'other-key-123456' }),
        }),
      ),
  ],
]

describe('fixed credentials', () => {
  for (const [name, strategy] of strategies) {
    it(`${name}: the wire carries what the flow would have produced`, async () => {
      for (const headers of [
        {},
        { authorization: 'Bearer callers-own-123456' },
        { 'x-a': 'mine' },
      ]) {
        const fast = wire(strategy((s) => s))
        const reference = wire(strategy(unfixed))
        await fast.send(request(undefined, { headers }))
        await reference.send(request(undefined, { headers }))
        expect([...(fast.sent[0]?.headers ?? [])]).toEqual([...(reference.sent[0]?.headers ?? [])])
      }
    })
  }

  it('a strategy spread from a fixed one with a flow of its own runs that flow', async () => {
    const own = defineStrategy({
      ...bearer('fixed-token-123456'),
      async *flow(req) {
        const headers = new Headers(req.headers)
        headers.set('authorization', 'Bearer from-my-own-flow')
        yield { ...req, headers }
      },
    })
    const { sent, send } = wire(own)
    await send(request())
    expect(sent[0]?.headers.get('authorization')).toBe('Bearer from-my-own-flow')
  })

  it('refuses plain http to another machine before anything is sent', async () => {
    for (const strategy of [bearer('fixed-token-123456'), chain(bearer('fixed-token-123456'))]) {
      const { sent, send } = wire(strategy)
      await expect(send(request('http://api.example.com/'))).rejects.toMatchObject({
        code: INSECURE_TRANSPORT,
      })
      expect(sent).toEqual([])
    }
  })

  it('sends nothing to an origin a route does not list', async () => {
    const { sent, send } = wire(route({ 'https://api.example.com': bearer('fixed-token-123456') }))
    await send(request('https://elsewhere.example.com/'))
    expect(sent[0]?.headers.has('authorization')).toBe(false)
  })

  it("scrubs basic's password and its header from errors once sent", async () => {
    const { auth, send } = wire(basic({ username: 'ada', password: 'pässword-123456' }))
    await send(request())
    const error = auth.redact(new Error('echo: pässword-123456 ada:pässword-123456 QWRh'))
    expect(error.message).not.toContain('pässword-123456')
  })

  it('strips fixed credentials when a redirect leaves the origin, and re-applies them on return', async () => {
    const replies = [
      { status: 302, headers: { location: 'https://api.example.com/next' } },
      { status: 302, headers: { location: 'https://other.example.com/' } },
      { status: 200 },
    ]
    const sent: AuthRequest[] = []
    const transmitter: Transmitter<{ status: number; headers?: Record<string, string> }> = {
      followRedirects: true,
      maxRedirects: 20,
      send: async (req) => {
        sent.push(req)
        return replies.shift() ?? { status: 200 }
      },
      view: (reply) => response(reply.status, reply.headers),
      discard: () => {},
    }
    const auth = new Authenticator(
      chain(apiKey({ header: 'X-A', value: 'key-a-123456' }), bearer('fixed-token-123456')),
    )
    await drive(auth.exchange(), request(), transmitter)
    expect(sent.map((req) => [req.headers.get('x-a'), req.headers.get('authorization')])).toEqual([
      ['key-a-123456', 'Bearer fixed-token-123456'],
      ['key-a-123456', 'Bearer fixed-token-123456'],
      [null, null],
    ])
  })

  it('names a challenge a browser hid from the page, as the flow did', async () => {
    const scope = globalThis as { document?: unknown; location?: unknown }
    scope.document = {}
    scope.location = { origin: 'https://app.example.com' }
    try {
      for (const strategy of [bearer('fixed-token-123456'), route({})]) {
        const events: AuthEvent[] = []
        const auth = new Authenticator(strategy, { onEvent: (event) => events.push(event) })
        const transmitter: Transmitter<{ status: number }> = {
          followRedirects: true,
          maxRedirects: 20,
          send: async () => ({ status: 401 }),
          view: (reply) => response(reply.status),
          discard: () => {},
        }
        await auth.send(request(), transmitter)
        expect(events.map((event) => event.type)).toEqual(['challenge-hidden'])
      }
    } finally {
      delete scope.document
      delete scope.location
    }
  })
})
