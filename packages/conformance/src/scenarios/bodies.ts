import { bearer, isAuthError } from '@latchkey/core'
import type { UniformBody } from '../adapter.js'
import { expect } from '../expect.js'
import type { Hop } from '../kit/hop.js'
import { SENTINEL } from '../sentinels.js'
import type { Suite } from '../suite.js'
import { retryOnce } from '../test-strategies.js'

const encoder = new TextEncoder()

interface BodyCase {
  readonly body: () => UniformBody
  /** Checks the bytes that arrived. */
  readonly verify: (hop: Hop) => Promise<void> | void
}

function exactly(expected: string | Uint8Array) {
  const bytes = typeof expected === 'string' ? encoder.encode(expected) : expected
  return (hop: Hop) => expect([...hop.body]).toEqual([...bytes])
}

const cases: Record<string, BodyCase> = {
  json: {
    body: () => ({ kind: 'json', value: { a: 1, text: 'ü ß ✓', list: [true, null] } }),
    verify: (hop) => {
      exactly(JSON.stringify({ a: 1, text: 'ü ß ✓', list: [true, null] }))(hop)
      expect(hop.headers['content-type']).toMatch(/^application\/json/)
    },
  },
  string: {
    body: () => ({ kind: 'text', value: 'plain text ✓' }),
    verify: exactly('plain text ✓'),
  },
  bytes: {
    body: () => ({ kind: 'bytes', value: new Uint8Array([0, 1, 2, 253, 254, 255]) }),
    verify: exactly(new Uint8Array([0, 1, 2, 253, 254, 255])),
  },
  URLSearchParams: {
    body: () => ({ kind: 'urlencoded', value: new URLSearchParams({ a: '1', b: 'x y&z' }) }),
    verify: (hop) => {
      exactly('a=1&b=x+y%26z')(hop)
      expect(hop.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/)
    },
  },
  FormData: {
    body: () => {
      const form = new FormData()
      form.append('field', 'value ✓')
      form.append('file', new Blob(['file contents'], { type: 'text/plain' }), 'hello.txt')
      return { kind: 'multipart', value: form }
    },
    verify: async (hop) => {
      const type = hop.headers['content-type'] ?? ''
      expect(type).toMatch(/^multipart\/form-data; ?boundary=/)
      const parsed = await new Response(new Uint8Array(hop.body), {
        headers: { 'content-type': type },
      }).formData()
      expect(parsed.get('field')).toBe('value ✓')
      const file = parsed.get('file') as File
      expect(file.name).toBe('hello.txt')
      expect(await file.text()).toBe('file contents')
    },
  },
  Blob: {
    body: () => ({ kind: 'blob', value: new Blob(['blob ✓'], { type: 'text/plain' }) }),
    verify: exactly('blob ✓'),
  },
}

/** Scenario 8 and replays: bodies arrive intact, and a resent body is the same bytes. */
export function bodyScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('request bodies', () => {
    for (const [name, bodyCase] of Object.entries(cases)) {
      it(`${name} arrives byte-identical`, async () => {
        const kit = suite.kit()
        await suite.client(bearer(SENTINEL.token)).request({
          method: 'POST',
          url: `${kit.http}/echo/body`,
          body: bodyCase.body(),
        })
        const hops = kit.log.at('/echo/body')
        expect(hops).toHaveLength(1)
        await bodyCase.verify(hops[0] as Hop)
      })

      it(`${name} is resent byte-identical when the strategy retries after a 401`, async () => {
        const kit = suite.kit()
        kit.handle('/challenge', challenge)
        const response = await suite.client(retryOnce()).request({
          method: 'POST',
          url: `${kit.http}/challenge/body`,
          body: bodyCase.body(),
        })
        expect(response.status).toBe(200)
        const [first, second] = kit.log.at('/challenge/body')
        expect(first?.headers['x-attempt']).toBe('1')
        expect(second?.headers['x-attempt']).toBe('2')
        await bodyCase.verify(second as Hop)
        expect(second?.body.equals(first?.body ?? Buffer.alloc(0))).toBe(true)
        expect(second?.headers['content-type']).toBe(first?.headers['content-type'])
      })
    }

    it('a one-shot stream arrives whole', async ({ skip }) => {
      if (suite.adapter.supports?.streamUploads === false)
        skip('Chromium uploads a stream only over HTTP/2')
      const kit = suite.kit()
      await suite.client(bearer(SENTINEL.token)).request({
        method: 'POST',
        url: `${kit.http}/echo/stream`,
        body: { kind: 'stream', value: [encoder.encode('chunk-1 '), encoder.encode('chunk-2')] },
      })
      exactly('chunk-1 chunk-2')(kit.log.at('/echo/stream')[0] as Hop)
    })

    it('a one-shot stream is never resent empty: the retry is whole, or the 401 surfaces', async ({
      skip,
    }) => {
      if (suite.adapter.supports?.streamUploads === false)
        skip('Chromium uploads a stream only over HTTP/2')
      const kit = suite.kit()
      kit.handle('/challenge', challenge)
      const outcome = await suite
        .client(retryOnce())
        .request({
          method: 'POST',
          url: `${kit.http}/challenge/stream`,
          body: { kind: 'stream', value: [encoder.encode('chunk-1 '), encoder.encode('chunk-2')] },
        })
        .then(
          (response) => response.status,
          (error: unknown) => error,
        )
      const hops = kit.log.at('/challenge/stream')
      for (const hop of hops) exactly('chunk-1 chunk-2')(hop)
      if (hops.length === 1) {
        const surfaced =
          outcome === 401 || (isAuthError(outcome) && outcome.code === 'BODY_NOT_REPLAYABLE')
        expect(surfaced, `expected the 401 or BODY_NOT_REPLAYABLE, got ${String(outcome)}`).toBe(
          true,
        )
      } else {
        expect(hops).toHaveLength(2)
        expect(outcome).toBe(200)
      }
    })
  })
}

/** 401 until the request carries `x-attempt: 2`, then an echo. */
function challenge(hop: Hop, _url: URL, response: import('node:http').ServerResponse): void {
  if (hop.headers['x-attempt'] === '2') {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ ok: true }))
    return
  }
  response.writeHead(401, {
    'www-authenticate': 'Test realm="conformance"',
    'content-type': 'text/plain',
  })
  response.end('try again')
}
