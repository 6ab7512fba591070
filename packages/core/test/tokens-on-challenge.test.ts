import { describe, expect, it } from 'vitest'
import { peekBufferedText, peekResponseText } from '../src/adapter.js'
import {
  CHALLENGE_BODY_LIMIT,
  type ChallengeContext,
  CREDENTIAL_UNAVAILABLE,
  INVALID_CONFIG,
  type OnChallenge,
  RESPONSE_TOO_LARGE,
  tokenLogin,
  UNSUPPORTED,
} from '../src/index.js'
import type { AuthResponse } from '../src/strategy.js'
import { context, drain, request, response } from './helpers.js'

/** A tokenLogin issuing `token-<n>`, with `onChallenge`; counts its logins. */
function strategy(onChallenge?: OnChallenge) {
  const logins = { count: 0 }
  const built = tokenLogin({
    login: async () => ({ token: `token-${++logins.count}` }),
    ...(onChallenge !== undefined && { onChallenge }),
  })
  return { built, logins }
}

const forbidden = response(403, { 'x-token-revoked': '1' })
const sentTokens = (sent: { headers: Headers }[]) =>
  sent.map((one) => one.headers.get('authorization'))

describe('onChallenge', () => {
  it('by default a 403 is not fixed by a new token: it goes to the caller', async () => {
    const { built, logins } = strategy()
    const sent = await drain(built.flow(request(), context()), [forbidden])
    expect(sentTokens(sent)).toEqual(['Bearer token-1'])
    expect(logins.count).toBe(1)
  })

  it("'refresh' on a 403 renews once and resends, and sees the request it was sent with", async () => {
    const seen: { status: number; ctx: ChallengeContext }[] = []
    const { built, logins } = strategy((answer, ctx) => {
      seen.push({ status: answer.status, ctx })
      return answer.headers.has('x-token-revoked') ? 'refresh' : undefined
    })
    const sent = await drain(built.flow(request(), context()), [forbidden, forbidden])
    // Once: the second refusal goes to the caller, never a loop.
    expect(sentTokens(sent)).toEqual(['Bearer token-1', 'Bearer token-2'])
    expect(logins.count).toBe(2)
    expect(seen).toHaveLength(1)
    expect(seen[0]?.ctx.rejectsToken).toBe(false)
    expect(seen[0]?.ctx.request.headers.get('authorization')).toBe('Bearer token-1')
  })

  it("'ignore' hands even an invalid_token 401 to the caller; nothing keeps the default", async () => {
    const invalidToken = response(401, { 'www-authenticate': 'Bearer error="invalid_token"' })
    const ignoring = strategy(async () => 'ignore' as const)
    expect(await drain(ignoring.built.flow(request(), context()), [invalidToken])).toHaveLength(1)
    const silent = strategy(() => undefined)
    const sent = await drain(silent.built.flow(request(), context()), [invalidToken])
    expect(sentTokens(sent)).toEqual(['Bearer token-1', 'Bearer token-2'])
  })

  it('is not asked about successful responses', async () => {
    let asked = 0
    const { built } = strategy(() => {
      asked++
      return 'refresh'
    })
    await drain(built.flow(request(), context()), [response(200), response(302)])
    expect(asked).toBe(0)
  })

  it('fails the request with CREDENTIAL_UNAVAILABLE when it throws or answers nonsense', async () => {
    const cause = new Error('bug in the predicate')
    const throwing = strategy(() => {
      throw cause
    })
    await expect(
      drain(throwing.built.flow(request(), context()), [forbidden]),
    ).rejects.toMatchObject({
      code: CREDENTIAL_UNAVAILABLE,
      message: 'tokenLogin: onChallenge failed',
      cause,
    })
    const nonsense = strategy(() => 'retry' as never)
    await expect(
      drain(nonsense.built.flow(request(), context()), [forbidden]),
    ).rejects.toMatchObject({ code: CREDENTIAL_UNAVAILABLE })
  })

  it('must be a function', () => {
    expect(() => strategy('refresh' as never)).toThrow(
      expect.objectContaining({ code: INVALID_CONFIG }),
    )
  })

  it('works for a CAE-style claims challenge on a 401', async () => {
    const claims: AuthResponse = response(401, {
      'www-authenticate':
        'Bearer realm="", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ=="',
    })
    // Without it: a 401 naming another error than invalid_token is not a refusal of the token.
    const plain = strategy()
    expect(await drain(plain.built.flow(request(), context()), [claims])).toHaveLength(1)
    const cae = strategy((answer) =>
      answer.headers.get('www-authenticate')?.includes('insufficient_claims')
        ? 'refresh'
        : undefined,
    )
    expect(await drain(cae.built.flow(request(), context()), [claims])).toHaveLength(2)
  })

  describe('reading the body', () => {
    /** An API saying "expired" in a JSON field of a 400, as a fetch Response. */
    const expired = () =>
      new Response(JSON.stringify({ error: 'token_expired' }), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      })
    const viewOf = (answer: Response): AuthResponse => ({
      status: answer.status,
      headers: answer.headers,
      peekText: (limit) => peekResponseText(answer, limit),
    })
    const onExpiredField =
      (reads: string[]): OnChallenge =>
      async (_answer, { text }) => {
        const body = await text()
        reads.push(body)
        return JSON.parse(body).error === 'token_expired' ? 'refresh' : undefined
      }

    it('refreshes on a body field, and the caller still reads the whole body', async () => {
      const reads: string[] = []
      const { built, logins } = strategy(onExpiredField(reads))
      const first = expired()
      const sent = await drain(built.flow(request(), context()), [viewOf(first), response(200)])
      expect(sentTokens(sent)).toEqual(['Bearer token-1', 'Bearer token-2'])
      expect(logins.count).toBe(2)
      expect(reads).toEqual(['{"error":"token_expired"}'])
      expect(await first.json()).toEqual({ error: 'token_expired' })
    })

    it('reads the body once however often onChallenge asks', async () => {
      let peeks = 0
      const answer: AuthResponse = {
        ...response(400),
        peekText: async () => `{"n":${++peeks}}`,
      }
      const { built } = strategy(async (_answer, { text }) => {
        expect([await text(), await text()]).toEqual(['{"n":1}', '{"n":1}'])
        return 'ignore' as const
      })
      await drain(built.flow(request(), context()), [answer])
      expect(peeks).toBe(1)
    })

    it(`stops past ${CHALLENGE_BODY_LIMIT} bytes with RESPONSE_TOO_LARGE, the caller's body untouched`, async () => {
      const huge = 'x'.repeat(CHALLENGE_BODY_LIMIT + 1)
      const answer = new Response(huge, { status: 400 })
      const { built } = strategy(onExpiredField([]))
      await expect(drain(built.flow(request(), context()), [viewOf(answer)])).rejects.toMatchObject(
        { code: RESPONSE_TOO_LARGE },
      )
      expect(await answer.text()).toBe(huge)
      await expect(peekBufferedText(huge, CHALLENGE_BODY_LIMIT)).rejects.toMatchObject({
        code: RESPONSE_TOO_LARGE,
      })
    })

    it('fails with UNSUPPORTED where the client cannot show the body', async () => {
      const { built } = strategy(onExpiredField([]))
      await expect(drain(built.flow(request(), context()), [response(400)])).rejects.toMatchObject({
        code: UNSUPPORTED,
      })
      const { Readable } = await import('node:stream')
      await expect(peekBufferedText(Readable.from(['x']), 10)).rejects.toMatchObject({
        code: UNSUPPORTED,
      })
    })

    it('decodes what clients buffer: strings, bytes, ArrayBuffers, Blobs, parsed JSON', async () => {
      const bytes = new TextEncoder().encode('{"error":"é"}')
      for (const data of [
        '{"error":"é"}',
        bytes,
        bytes.buffer,
        new Blob([bytes]),
        { error: 'é' },
      ]) {
        expect(await peekBufferedText(data, 100)).toBe('{"error":"é"}')
      }
    })
  })
})
