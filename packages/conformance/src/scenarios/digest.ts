import {
  type AuthError,
  BODY_NOT_REPLAYABLE,
  CHALLENGE_FAILED,
  type DigestOptions,
  digest,
  isAuthError,
} from '@latchkey/core'
import type { UniformBody } from '../adapter.js'
import { expect } from '../expect.js'
import {
  createDigestServer,
  type DigestServer,
  type DigestServerOptions,
} from '../kit/digest-server.js'
import type { Hop } from '../kit/hop.js'
import type { Kit } from '../kit/kit.js'
import { SENTINEL } from '../sentinels.js'
import type { Suite } from '../suite.js'

const ALGORITHMS = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess', 'SHA-512-256', 'SHA-512-256-sess']
const encoder = new TextEncoder()

const bodies: Record<string, () => UniformBody> = {
  text: () => ({ kind: 'text', value: 'plain text ✓' }),
  json: () => ({ kind: 'json', value: { a: 1, text: 'ü ß ✓' } }),
  bytes: () => ({ kind: 'bytes', value: new Uint8Array([0, 1, 2, 253, 254, 255]) }),
  URLSearchParams: () => ({
    kind: 'urlencoded',
    value: new URLSearchParams({ a: '1', b: 'x y&z' }),
  }),
  FormData: () => {
    const form = new FormData()
    form.append('field', 'value ✓')
    form.append('file', new Blob(['file contents'], { type: 'text/plain' }), 'hello.txt')
    return { kind: 'multipart', value: form }
  },
  Blob: () => ({ kind: 'blob', value: new Blob(['blob ✓'], { type: 'text/plain' }) }),
}

/** Scenario: HTTP Digest against a server that checks every answer with its own code. */
export function digestScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  function setup(
    server: Partial<DigestServerOptions> = {},
    strategy: Partial<DigestOptions> = {},
  ): { kit: Kit; server: DigestServer; client: ReturnType<Suite['client']> } {
    const kit = suite.kit()
    const username = strategy.username ?? SENTINEL.username
    const digestServer = createDigestServer({
      users: { [username]: SENTINEL.password },
      ...server,
    })
    kit.handle('/digest', digestServer.handler)
    const client = suite.client(digest({ username, password: SENTINEL.password, ...strategy }))
    return { kit, server: digestServer, client }
  }

  const reasons = (server: DigestServer) => server.verdicts.map((verdict) => verdict.reason ?? 'ok')

  describe('digest (RFC 7616)', () => {
    for (const algorithm of ALGORITHMS) {
      it(`${algorithm}, qop=auth: one challenge, one answer`, async () => {
        const { kit, server, client } = setup({ algorithms: [algorithm] })
        const response = await client.request({ url: `${kit.http}/digest/${algorithm}` })
        expect(response.status).toBe(200)
        const hops = kit.log.at('/digest/')
        expect(hops).toHaveLength(2)
        expect(hops[0]?.headers.authorization).toBeUndefined()
        expect(reasons(server)).toEqual(['no credentials', 'ok'])
        expect(server.verdicts[1]).toMatchObject({ algorithm, qop: 'auth', nc: '00000001' })
      })
    }

    it('qop=auth-int hashes the POST body exactly as the server received it', async () => {
      const { kit, server, client } = setup({ qop: 'auth-int', algorithms: ['SHA-256'] })
      const response = await client.request({
        method: 'POST',
        url: `${kit.http}/digest/int`,
        body: { kind: 'text', value: 'integrity ✓' },
      })
      expect(response.status).toBe(200)
      expect(server.verdicts[1]).toMatchObject({ ok: true, qop: 'auth-int' })
      const [first, second] = kit.log.at('/digest/int')
      expect(second?.body.toString('utf8')).toBe('integrity ✓')
      expect(second?.body.equals(first?.body ?? Buffer.alloc(0))).toBe(true)
    })

    it('an RFC 2069 challenge (no qop) is answered without nc or cnonce', async () => {
      const { kit, server, client } = setup({ qop: null, algorithms: ['MD5'] })
      expect((await client.request({ url: `${kit.http}/digest/2069` })).status).toBe(200)
      expect(reasons(server)).toEqual(['no credentials', 'ok'])
      expect(kit.log.at('/digest/2069')[1]?.headers.authorization).not.toMatch(/\bnc=|cnonce=/)
    })

    it('answers the strongest of several challenges sent as repeated headers', async () => {
      const { kit, server, client } = setup({ algorithms: ['MD5', 'SHA-512-256', 'SHA-256'] })
      expect((await client.request({ url: `${kit.http}/digest/strongest` })).status).toBe(200)
      expect(server.verdicts[1]).toMatchObject({ ok: true, algorithm: 'SHA-512-256' })
    })

    it('qop="unknown,auth" is answered with auth', async () => {
      const { kit, server, client } = setup({ qop: 'unknown,auth' })
      expect((await client.request({ url: `${kit.http}/digest/unknown-qop` })).status).toBe(200)
      expect(server.verdicts[1]).toMatchObject({ ok: true, qop: 'auth' })
    })

    it('userhash=true: a non-ASCII username never travels, hashed or not', async () => {
      const username = 'Jäsøn Doe'
      const { kit, server, client } = setup(
        { userhash: true, algorithms: ['SHA-512-256'] },
        { username },
      )
      expect((await client.request({ url: `${kit.http}/digest/userhash` })).status).toBe(200)
      expect(reasons(server)).toEqual(['no credentials', 'ok'])
      const wire = JSON.stringify(kit.log.at('/digest/').map((hop) => hop.rawHeaders))
      expect(wire).not.toContain('Doe')
      expect(wire).not.toContain('J%C3%A4s')
    })

    it('charset=UTF-8: a non-ASCII username goes as username* and hashes as UTF-8', async () => {
      const { kit, server, client } = setup({}, { username: 'Jäsøn Doe' })
      expect((await client.request({ url: `${kit.http}/digest/charset` })).status).toBe(200)
      expect(server.verdicts[1]).toMatchObject({ ok: true })
      expect(kit.log.at('/digest/')[1]?.headers.authorization).toContain(
        "username*=UTF-8''J%C3%A4s%C3%B8n%20Doe",
      )
    })

    it('the uri is the exact request-target, query string included', async () => {
      const { kit, server, client } = setup()
      const target = '/digest/query/a%20b?x=1&y=two%20words&z=%E2%9C%93&empty='
      expect((await client.request({ url: `${kit.http}${target}` })).status).toBe(200)
      expect(server.verdicts[1]).toMatchObject({ ok: true, uri: target })
    })

    it('N requests take N+1 round trips: after the first challenge, requests authenticate at once', async () => {
      const { kit, server, client } = setup()
      for (let n = 0; n < 5; n++) {
        expect((await client.request({ url: `${kit.http}/digest/preemptive/${n}` })).status).toBe(
          200,
        )
      }
      const hops = kit.log.at('/digest/preemptive/')
      expect(hops).toHaveLength(6)
      expect(hops.filter((hop) => hop.headers.authorization === undefined)).toHaveLength(1)
      expect(server.verdicts.slice(1).map((verdict) => verdict.nc)).toEqual([
        '00000001',
        '00000002',
        '00000003',
        '00000004',
        '00000005',
      ])
    })

    it('a stale nonce costs one extra round trip and is not a failure', async () => {
      const { kit, server, client } = setup()
      expect((await client.request({ url: `${kit.http}/digest/stale/1` })).status).toBe(200)
      server.expireNonces()
      expect((await client.request({ url: `${kit.http}/digest/stale/2` })).status).toBe(200)
      expect((await client.request({ url: `${kit.http}/digest/stale/3` })).status).toBe(200)
      expect(reasons(server)).toEqual(['no credentials', 'ok', 'stale nonce', 'ok', 'ok'])
      expect(server.verdicts[3]?.nc).toBe('00000001')
      expect(server.verdicts[4]?.nc).toBe('00000002')
    })

    it('nonces that rotate after 3 uses: renewed in place, every request succeeds', async () => {
      const { kit, server, client } = setup({ nonces: { rotateAfter: 3 } })
      for (let n = 0; n < 7; n++) {
        expect((await client.request({ url: `${kit.http}/digest/rotate/${n}` })).status).toBe(200)
      }
      expect(kit.log.at('/digest/rotate/')).toHaveLength(10)
      expect(reasons(server).filter((reason) => reason === 'stale nonce')).toHaveLength(2)
    })

    it('a fresh nonce for every request: two round trips each, all succeed', async () => {
      const { kit, server, client } = setup({ nonces: 'fresh' })
      for (let n = 0; n < 4; n++) {
        expect((await client.request({ url: `${kit.http}/digest/fresh/${n}` })).status).toBe(200)
      }
      expect(kit.log.at('/digest/fresh/')).toHaveLength(8)
      expect(reasons(server).filter((reason) => reason === 'ok')).toHaveLength(4)
    })

    it('a wrong password: exactly two hops, then the 401 reaches the caller', async () => {
      const kit = suite.kit()
      const server = createDigestServer({ users: { [SENTINEL.username]: 'another password' } })
      kit.handle('/digest', server.handler)
      const client = suite.client(
        digest({ username: SENTINEL.username, password: SENTINEL.password }),
      )
      const response = await client.request({ url: `${kit.http}/digest/wrong` })
      expect(response.status).toBe(401)
      expect(kit.log.at('/digest/wrong')).toHaveLength(2)
      expect(reasons(server)).toEqual(['no credentials', 'wrong response'])
    })

    it('concurrent requests under a nonce the server gives everyone: distinct nc values, all succeed', async () => {
      const { kit, server, client } = setup()
      expect((await client.request({ url: `${kit.http}/digest/warm` })).status).toBe(200)
      const burst = (name: string) =>
        Promise.all(
          Array.from({ length: 20 }, (_, n) =>
            client.request({ url: `${kit.http}/digest/${name}/${n}` }),
          ),
        )
      const first = await burst('concurrent')
      expect(first.map((response) => response.status)).toEqual(Array(20).fill(200))
      // Once a challenge showed that everyone gets the same nonce, it is shared at once.
      const second = await burst('shared')
      expect(second.map((response) => response.status)).toEqual(Array(20).fill(200))
      expect(kit.log.at('/digest/shared/')).toHaveLength(20)
      const counted = server.verdicts.filter((verdict) => verdict.reason !== 'no credentials')
      expect(counted.every((verdict) => verdict.ok)).toBe(true)
      expect(new Set(counted.map((verdict) => verdict.nonce)).size).toBe(1)
      expect(new Set(counted.map((verdict) => verdict.nc)).size).toBe(41)
    })

    it('concurrent requests from cold: each answers the challenge, nc never repeats', async () => {
      const { kit, server, client } = setup()
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, n) =>
          client.request({ url: `${kit.http}/digest/cold/${n}` }),
        ),
      )
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200))
      const ok = server.verdicts.filter((verdict) => verdict.ok)
      expect(ok).toHaveLength(10)
      expect(new Set(ok.map((verdict) => `${verdict.nonce} ${verdict.nc}`)).size).toBe(10)
    })

    for (const [kind, body] of Object.entries(bodies)) {
      it(`a ${kind} POST body is replayed byte-identical after the challenge (auth-int checks it)`, async () => {
        const { kit, server, client } = setup({ qop: 'auth-int' })
        const response = await client.request({
          method: 'POST',
          url: `${kit.http}/digest/body`,
          body: body(),
        })
        expect(response.status).toBe(200)
        const [first, second] = kit.log.at('/digest/body') as [Hop, Hop]
        expect(first.body.length).toBeGreaterThan(0)
        expect(second.body.equals(first.body)).toBe(true)
        expect(second.headers['content-type']).toBe(first.headers['content-type'])
        expect(server.verdicts[1]).toMatchObject({ ok: true, qop: 'auth-int' })
      })
    }

    it('a one-shot stream where only auth-int is offered: buffered and hashed, or BODY_NOT_REPLAYABLE', async ({
      skip,
    }) => {
      if (suite.adapter.supports?.streamUploads === false)
        skip('Chromium uploads a stream only over HTTP/2')
      const { kit, server, client } = setup({ qop: 'auth-int' })
      const outcome = await client
        .request({
          method: 'POST',
          url: `${kit.http}/digest/stream`,
          body: { kind: 'stream', value: [encoder.encode('chunk-1 '), encoder.encode('chunk-2')] },
        })
        .then(
          (response) => response.status,
          (error: unknown) => error,
        )
      const hops = kit.log.at('/digest/stream')
      for (const hop of hops) expect(hop.body.toString('utf8')).toBe('chunk-1 chunk-2')
      if (hops.length === 1) {
        // The client streamed it: its bytes cannot be hashed, nor sent again.
        expect(isAuthError(outcome), `got ${String(outcome)}`).toBe(true)
        expect((outcome as AuthError).code).toBe(BODY_NOT_REPLAYABLE)
      } else {
        // The client buffered the stream (ky reads a Request's body): it is an ordinary body.
        expect(hops).toHaveLength(2)
        expect(outcome).toBe(200)
        expect(server.verdicts[1]).toMatchObject({ ok: true, qop: 'auth-int' })
      }
    })

    it('a challenge with no algorithm it supports fails with CHALLENGE_FAILED', async () => {
      const { kit, client } = setup({ algorithms: ['SHA-1'] })
      const outcome = await client.request({ url: `${kit.http}/digest/sha1` }).then(
        (response) => response.status,
        (error: unknown) => error,
      )
      expect(isAuthError(outcome), `got ${String(outcome)}`).toBe(true)
      expect((outcome as AuthError).code).toBe(CHALLENGE_FAILED)
      expect(kit.log.at('/digest/sha1')).toHaveLength(1)
    })
  })
}
