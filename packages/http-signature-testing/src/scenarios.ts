import { createHash } from 'node:crypto'
import {
  expectNoCredentials,
  findLeaks,
  onlyHop,
  type SampleBody,
  type Suite,
  sampleBodies,
  type UniformRequest,
  type UniformResponse,
} from '@latchkey/conformance'
import type { Hop } from '@latchkey/conformance/kit'
import { isAuthError, UNSIGNABLE_REQUEST } from '@latchkey/core'
import { type HttpSignatureOptions, httpSignature } from '@latchkey/http-signature'
import { beforeAll, describe, expect, it } from 'vitest'
import { type HttpSignatureAnswer, httpSignatureEndpoint, receivedRequest } from './endpoint.js'
import { generateTestKeys, type TestKey, verifierKeys } from './keys.js'
import { verifyHttpSignature } from './verifier/verify.js'

const SIGNATURE_HEADERS = ['signature-input', 'signature']
const DEFAULT_COVERED = ['@method', '@target-uri', 'content-digest']

/** Core's sample bodies, and a Blob: signing covers the bytes fetch makes of one. */
const bodies: Readonly<Record<string, SampleBody>> = {
  ...sampleBodies,
  blob: {
    method: 'PUT',
    body: { kind: 'blob', value: new Blob(['blob ✓'], { type: 'text/plain' }) },
  },
}

function answer(response: UniformResponse): HttpSignatureAnswer {
  return JSON.parse(response.body) as HttpSignatureAnswer
}

/** Accepted by the verifier, and the Content-Digest is the SHA-256 of the bytes that arrived. */
function expectVerified(response: UniformResponse, hop: Hop): HttpSignatureAnswer {
  const verdict = answer(response)
  expect(verdict, `the verifier refused: ${JSON.stringify(verdict)}`).toMatchObject({ ok: true })
  expect(response.status).toBe(200)
  const digest = createHash('sha256').update(hop.body).digest('base64')
  expect(hop.headers['content-digest']).toBe(`sha-256=:${digest}:`)
  return verdict
}

function expectUnsigned(hop: Hop | undefined): void {
  expectNoCredentials(hop)
  for (const name of SIGNATURE_HEADERS)
    expect(hop?.headers[name], `${name} arrived`).toBeUndefined()
}

async function outcome(promise: Promise<UniformResponse>): Promise<UniformResponse | unknown> {
  return promise.then(
    (response) => response,
    (error: unknown) => error,
  )
}

/**
 * HTTP Message Signatures (RFC 9421) through the client: `@latchkey/http-signature`
 * signs, and an independent verifier (node:crypto, its own signature base, another
 * structured-fields library) checks what the server received. Pass it to
 * `describeAdapter(adapter, { scenarios: [httpSignatureScenarios] })`.
 */
export function httpSignatureScenarios(suite: Suite): void {
  describe('HTTP Message Signatures', () => {
    let keys: ReturnType<typeof generateTestKeys> | undefined
    beforeAll(() => {
      keys = generateTestKeys()
    }, 60_000)
    const key = (algorithm: keyof ReturnType<typeof generateTestKeys> = 'ed25519'): TestKey => {
      if (keys === undefined) throw new Error('the test keys were not generated')
      return keys[algorithm]
    }
    const signing = (options: Partial<HttpSignatureOptions> = {}, with_: TestKey = key()) =>
      httpSignature({
        keyId: with_.keyId,
        key: with_.signing,
        algorithm: with_.algorithm,
        ...options,
      })
    const setup = (required: readonly string[] = DEFAULT_COVERED) => {
      const kit = suite.kit()
      if (keys === undefined) throw new Error('the test keys were not generated')
      kit.handle(
        '/signed',
        httpSignatureEndpoint({
          keys: verifierKeys(keys),
          required,
          fieldTypes: { 'x-dict': 'dictionary' },
        }),
      )
      return kit
    }

    for (const [name, { method, body }] of Object.entries(bodies)) {
      it(`${name} body: signed, with a Content-Digest of the bytes the client sent`, async () => {
        const kit = setup()
        const request: UniformRequest = {
          method,
          url: `${kit.http}/signed/body`,
          ...(body && { body }),
        }
        const response = await suite.client(signing()).request(request)
        const verdict = expectVerified(response, onlyHop(kit, '/signed/body'))
        expect(verdict.ok && verdict.contentDigest).toBe('matched')
      })
    }

    it('every algorithm verifies: Ed25519, ECDSA P-256 and P-384, RSA-PSS, RSA v1.5, HMAC', async () => {
      const kit = setup()
      const algorithms = [
        'ed25519',
        'ecdsa-p256-sha256',
        'ecdsa-p384-sha384',
        'rsa-pss-sha512',
        'rsa-v1_5-sha256',
        'hmac-sha256',
      ] as const
      for (const algorithm of algorithms) {
        const response = await suite.client(signing({ alg: true }, key(algorithm))).request({
          method: 'POST',
          url: `${kit.http}/signed/${algorithm}`,
          body: { kind: 'text', value: algorithm },
        })
        expectVerified(response, onlyHop(kit, `/signed/${algorithm}`))
        expect(answer(response).ok && answer(response)).toMatchObject({
          signatures: [{ keyid: `client-${algorithm}`, params: { alg: algorithm } }],
        })
      }
    })

    it('query in the URL: @target-uri, @query and @query-param cover what was sent', async () => {
      const kit = setup()
      const components = [
        '@method',
        '@target-uri',
        '@authority',
        '@path',
        '@query',
        { component: '@query-param', name: 'plus' },
        'content-digest',
      ]
      const url = `${kit.http}/signed/query?sp ace=a b&plus=1+2&lit=%2B&tilde=~x&uni=ü✓&flag`
      const response = await suite.client(signing({ components })).request({ url })
      const hop = onlyHop(kit, '/signed/query')
      const verdict = expectVerified(response, hop)
      expect(verdict.ok && verdict.signatures[0]?.base).toContain(
        '"@query-param";name="plus": 1%202\n',
      )
      expect(hop.query.get('plus')).toBe('1 2')
      expect(hop.query.get('uni')).toBe('ü✓')
    })

    it('over https: @scheme and @target-uri name the https origin', async () => {
      const kit = setup([...DEFAULT_COVERED, '@scheme'])
      const components = ['@method', '@scheme', '@authority', '@target-uri', 'content-digest']
      const response = await suite
        .client(signing({ components }))
        .request({ method: 'DELETE', url: `${kit.https}/signed/tls?id=7` })
      const verdict = expectVerified(response, onlyHop(kit, '/signed/tls'))
      expect(verdict.ok && verdict.signatures[0]?.base).toContain(
        `"@scheme": https\n"@authority": ${new URL(kit.https).host}\n"@target-uri": ${kit.https}/signed/tls?id=7\n`,
      )
    })

    it("query in the client's own option: signed as the client encoded it", async () => {
      const kit = setup()
      const query = {
        'sp ace': 'a b',
        plus: '1+2',
        tilde: '~x',
        uni: 'ü✓',
        reserved: ":/?#[]@!$&'()*,;",
      }
      const components = [
        '@method',
        '@target-uri',
        '@query',
        { component: '@query-param', name: 'reserved' },
        'content-digest',
      ]
      const response = await suite
        .client(signing({ components }))
        .request({ url: `${kit.http}/signed/params`, query })
      const hop = onlyHop(kit, '/signed/params')
      expectVerified(response, hop)
      expect(Object.fromEntries(hop.query)).toEqual(query)
    })

    it('headers, a dictionary member and a structured field are covered as received', async () => {
      const kit = setup([...DEFAULT_COVERED, 'content-type', 'x-dict'])
      const components = [
        ...DEFAULT_COVERED,
        'content-type',
        { component: 'x-dict', key: 'b' },
        { component: 'x-dict', sf: true },
        { component: 'x-plain', bs: true },
      ]
      const response = await suite
        .client(signing({ components, structuredFields: { 'x-dict': 'dictionary' } }))
        .request({
          method: 'POST',
          url: `${kit.http}/signed/headers`,
          headers: { 'X-Dict': 'a=1,   b=(x y);q=2', 'X-Plain': 'one, two' },
          body: { kind: 'json', value: { ok: true } },
        })
      const verdict = expectVerified(response, onlyHop(kit, '/signed/headers'))
      expect(verdict.ok && verdict.signatures[0]?.base).toContain('"x-dict";key="b": (x y);q=2\n')
    })

    for (const status of [302, 307]) {
      it(`${status} to the same origin: every hop signed for its own target`, async () => {
        const kit = setup()
        const to = encodeURIComponent('/signed/moved?x=1 2')
        const response = await suite.client(signing()).request({
          method: 'POST',
          url: `${kit.http}/redirect?status=${status}&to=${to}`,
          body: { kind: 'json', value: { moved: true } },
        })
        const first = onlyHop(kit, '/redirect')
        expect(
          verifyHttpSignature(receivedRequest(first), { keys: verifierKeys({ ed25519: key() }) }),
        ).toMatchObject({
          ok: true,
        })
        const hop = onlyHop(kit, '/signed/moved')
        if (status === 307) expect(hop.method).toBe('POST')
        const verdict = expectVerified(response, hop)
        expect(verdict.ok && verdict.signatures[0]?.base).toContain(
          `"@target-uri": ${kit.http}/signed/moved?x=1%202\n`,
        )
        expect(first.headers.signature).not.toBe(hop.headers.signature)
      })

      it(`${status} to another origin: no Signature-Input, no Signature`, async () => {
        const kit = setup()
        const to = encodeURIComponent(`${kit.other}/signed/away`)
        const response = await suite.client(signing()).request({
          method: 'POST',
          url: `${kit.http}/redirect?status=${status}&to=${to}`,
          body: { kind: 'text', value: 'hi' },
        })
        expect(
          verifyHttpSignature(receivedRequest(onlyHop(kit, '/redirect')), {
            keys: verifierKeys({ ed25519: key() }),
          }),
        ).toMatchObject({ ok: true })
        expectUnsigned(onlyHop(kit, '/signed/away'))
        expect(response.status).toBe(401)
      })
    }

    it('a one-shot stream with content-digest is refused before anything is sent, or buffered and signed exactly', async () => {
      const kit = setup()
      const chunks = [new TextEncoder().encode('chunk-1 '), new TextEncoder().encode('chunk-2')]
      const result = await outcome(
        suite.client(signing()).request({
          method: 'PUT',
          url: `${kit.http}/signed/stream`,
          body: { kind: 'stream', value: chunks },
        }),
      )
      const hops = kit.log.at('/signed/stream')
      if (isAuthError(result)) {
        expect(result.code).toBe(UNSIGNABLE_REQUEST)
        expect(hops).toHaveLength(0)
      } else {
        expect(hops).toHaveLength(1)
        expect((hops[0] as Hop).body.toString()).toBe('chunk-1 chunk-2')
        expectVerified(result as UniformResponse, hops[0] as Hop)
      }
    })

    it('a 401 with Accept-Signature is answered once, with the components it asks for', async () => {
      const kit = suite.kit()
      const asked = ['@method', '@path', 'content-digest', 'x-client']
      kit.handle(
        '/ask',
        httpSignatureEndpoint({
          keys: verifierKeys({ ed25519: key() }),
          required: asked,
          acceptSignature: `sig-asked=("@method" "@path" "content-digest" "x-client");keyid="${key().keyId}";created;nonce="nonce-7f3a"`,
        }),
      )
      const response = await suite.client(signing()).request({
        method: 'POST',
        url: `${kit.http}/ask/resource`,
        headers: { 'x-client': 'conformance' },
        body: { kind: 'json', value: { n: 1 } },
      })
      const hops = kit.log.at('/ask/resource')
      expect(hops).toHaveLength(2)
      expect(hops[0]?.headers['signature-input']).toMatch(/^sig1=/)
      expect(hops[1]?.headers['signature-input']).toMatch(
        /^sig-asked=\("@method" "@path" "content-digest" "x-client"\);created=\d+;keyid="client-ed25519";nonce="nonce-7f3a"$/,
      )
      expectVerified(response, hops[1] as Hop)
    })

    it('Accept-Signature again after the resend: the 401 goes to the caller', async () => {
      const kit = suite.kit()
      // Knows no key: every signature is refused, every 401 asks again.
      kit.handle(
        '/ask-forever',
        httpSignatureEndpoint({ keys: {}, acceptSignature: 'sig1=("@method" "@path")' }),
      )
      const response = await suite.client(signing()).request({ url: `${kit.http}/ask-forever` })
      expect(response.status).toBe(401)
      expect(kit.log.at('/ask-forever')).toHaveLength(2)
    })

    it('Accept-Signature for another key: no resend', async () => {
      const kit = suite.kit()
      kit.handle(
        '/ask-other',
        httpSignatureEndpoint({
          keys: {},
          acceptSignature: 'sig1=("@method");keyid="someone-else"',
        }),
      )
      const response = await suite.client(signing()).request({ url: `${kit.http}/ask-other` })
      expect(response.status).toBe(401)
      expect(kit.log.at('/ask-other')).toHaveLength(1)
    })

    it("the client's own retry is signed afresh", async () => {
      const kit = suite.kit()
      const verdicts: boolean[] = []
      kit.handle('/signed-flaky', (hop, _url, response) => {
        verdicts.push(
          verifyHttpSignature(receivedRequest(hop), {
            keys: verifierKeys({ ed25519: key() }),
            required: DEFAULT_COVERED,
          }).ok,
        )
        response.writeHead(verdicts.length === 1 ? 503 : 200, { 'retry-after': '0' })
        response.end()
      })
      const response = await suite
        .client(signing({ nonce: true }), { retry: { limit: 1, statusCodes: [503] } })
        .request({
          method: 'PUT',
          url: `${kit.http}/signed-flaky`,
          body: { kind: 'json', value: { n: 1 } },
        })
      expect(response.status).toBe(200)
      expect(verdicts).toEqual([true, true])
      const [first, second] = kit.log.at('/signed-flaky')
      expect(first?.headers.signature).not.toBe(second?.headers.signature)
    })

    it('errors carry no signature and no key', async ({ skip }) => {
      if (suite.adapter.supports?.httpErrors === false) skip('this client resolves on HTTP errors')
      const kit = suite.kit()
      kit.handle('/refused', httpSignatureEndpoint({ keys: {} }))
      const hmac = key('hmac-sha256')
      const error = await outcome(
        suite.client(signing({ nonce: true }, hmac), { throwHttpErrors: true }).request({
          method: 'POST',
          url: `${kit.http}/refused`,
          body: { kind: 'text', value: 'x' },
        }),
      )
      expect(error, 'the client should throw its HTTP error').toBeInstanceOf(Error)
      const hop = onlyHop(kit, '/refused')
      const signature = hop.headers.signature?.replace(/^sig1=:|:$/g, '') ?? ''
      expect(signature.length).toBeGreaterThan(20)
      const secret = Buffer.from(hmac.signing as Uint8Array)
      expect(
        findLeaks(error, [signature, secret.toString('base64'), secret.toString('hex')]),
      ).toEqual([])
    })
  })
}
