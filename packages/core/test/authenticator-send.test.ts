import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { Authenticator, type HeaderChange, type Transmitter } from '../src/adapter.js'
import { bearer } from '../src/index.js'
import type { AuthFlow, AuthRequest, AuthStrategy } from '../src/strategy.js'
import { request, response } from './helpers.js'

const SECRET = 'sentinel-send-token-4711'

interface Reply {
  readonly status: number
  readonly headers?: Record<string, string>
}

/** An in-memory transmitter: what each hop sent, the header changes it got, and scripted replies. */
function scripted(replies: Reply[], options: Partial<Transmitter<Reply>> = {}) {
  const wire: { readonly sent: AuthRequest; readonly changes: readonly HeaderChange[] }[] = []
  const transmitter: Transmitter<Reply> = {
    followRedirects: true,
    maxRedirects: 20,
    send: async (sent, changes) => {
      wire.push({ sent, changes })
      return replies.shift() ?? { status: 200 }
    },
    view: (reply) => response(reply.status, reply.headers),
    discard: () => {},
    ...options,
  }
  return { wire, transmitter }
}

/** Bearer, and a record of whether its flow was ended (its `finally` ran). */
function closingBearer(): AuthStrategy & { ended: number } {
  const inner = bearer(SECRET)
  const strategy = {
    name: 'closing',
    secrets: inner.secrets,
    ended: 0,
    async *flow(hop: AuthRequest, ctx: Parameters<AuthStrategy['flow']>[1]): AuthFlow {
      try {
        return yield* inner.flow(hop, ctx)
      } finally {
        strategy.ended++
      }
    },
  }
  return strategy
}

describe('Authenticator.send', () => {
  it('closes the exchange and redacts the error when the transport fails mid-flow', async () => {
    const strategy = closingBearer()
    const auth = new Authenticator(strategy)
    const { transmitter } = scripted([], {
      send: async (sent) => {
        throw new Error(`socket hang up sending ${sent.headers.get('authorization')}`)
      },
    })
    const error = await auth.send(request(), transmitter).catch((caught: unknown) => caught)
    expect(strategy.ended).toBe(1)
    expect(inspect(error)).not.toContain(SECRET)
    expect(String((error as Error).message)).toContain('socket hang up')
  })

  it("redacts what the client's explain() and settle() make of it", async () => {
    const auth = new Authenticator(bearer(SECRET))
    const explained = scripted([], {
      send: async () => {
        throw new Error('refused')
      },
      explain: (error) => new Error(`explained: ${SECRET}`, { cause: error }),
    })
    const first = await auth.send(request(), explained.transmitter).catch((error: unknown) => error)
    expect((first as Error).message).toMatch(/^explained: /)
    expect(inspect(first)).not.toContain(SECRET)

    const settled = scripted([{ status: 500 }], {
      settle: (reply) => {
        throw new Error(`status ${reply.status} for Bearer ${SECRET}`)
      },
    })
    const second = await auth.send(request(), settled.transmitter).catch((error: unknown) => error)
    expect((second as Error).message).toMatch(/^status 500/)
    expect(inspect(second)).not.toContain(SECRET)
  })

  it('surfaces a failure to build the request, sending nothing', async () => {
    const auth = new Authenticator(bearer(SECRET))
    const { wire, transmitter } = scripted([])
    const unreadable = new Error('unreadable body')
    const error = await auth
      .send(Promise.reject(unreadable), transmitter)
      .catch((caught: unknown) => caught)
    expect(error).toBe(unreadable)
    expect(wire).toHaveLength(0)
  })

  it('hands each hop the header changes from the caller’s request, redirects included', async () => {
    const auth = new Authenticator(bearer(SECRET))
    const { wire, transmitter } = scripted([
      { status: 303, headers: { location: '/same' } },
      { status: 302, headers: { location: 'https://elsewhere.example.com/' } },
    ])
    const post = request('https://api.example.com/form', {
      method: 'POST',
      headers: new Headers({ 'content-type': 'text/plain', 'x-mine': 'kept' }),
    })
    await auth.send(post, transmitter)
    expect(wire.map(({ changes }) => Object.fromEntries(changes))).toEqual([
      { authorization: `Bearer ${SECRET}` },
      { authorization: `Bearer ${SECRET}`, 'content-type': null },
      { 'content-type': null },
    ])
    // Applying the changes to the caller's headers gives exactly what each hop sent.
    for (const { sent, changes } of wire) {
      const headers = new Headers(post.headers)
      for (const [name, value] of changes) {
        if (value === null) headers.delete(name)
        else headers.set(name, value)
      }
      expect([...headers]).toEqual([...sent.headers])
    }
  })
})
