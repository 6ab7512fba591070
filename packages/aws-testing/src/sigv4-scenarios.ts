import { createHash } from 'node:crypto'
import { type AwsSigV4Options, awsSigV4 } from '@latchkey/aws'
import {
  expect,
  expectNoCredentials,
  findLeaks,
  onlyHop,
  SENTINEL,
  type Suite,
  sampleBodies,
  type UniformRequest,
  type UniformResponse,
} from '@latchkey/conformance'
import type { Hop } from '@latchkey/conformance/kit'
import { isAuthError, UNSIGNABLE_REQUEST } from '@latchkey/core'
import { type SigV4Answer, sigv4Endpoint } from './kit/endpoint.js'
import { type SigV4VerifierOptions, verifySigV4 } from './kit/verify.js'

const LONG_TERM = { accessKeyId: 'AKIDCONFORMANCE', secretAccessKey: SENTINEL.awsSecretKey }
const TEMPORARY = {
  accessKeyId: 'ASIACONFORMANCE',
  secretAccessKey: SENTINEL.awsSecretKey,
  sessionToken: SENTINEL.awsSessionToken,
}
const verifier = (service: string): SigV4VerifierOptions => ({
  region: 'eu-west-1',
  service,
  keys: {
    [LONG_TERM.accessKeyId]: { secretAccessKey: LONG_TERM.secretAccessKey },
    [TEMPORARY.accessKeyId]: {
      secretAccessKey: TEMPORARY.secretAccessKey,
      sessionToken: TEMPORARY.sessionToken,
    },
  },
  allowUnsignedPayload: service === 's3',
})
const signing = (options: Partial<AwsSigV4Options> = {}) =>
  awsSigV4({ region: 'eu-west-1', service: 'execute-api', credentials: LONG_TERM, ...options })
const SIGNATURE_HEADERS = [
  'authorization',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
]

function answer(response: UniformResponse): SigV4Answer {
  return JSON.parse(response.body) as SigV4Answer
}

/** The request was accepted by the verifier, and signed over the exact bytes that arrived. */
function expectVerified(response: UniformResponse, hop: Hop): SigV4Answer {
  const verdict = answer(response)
  expect(verdict, `the verifier refused: ${JSON.stringify(verdict)}`).toMatchObject({ ok: true })
  expect(response.status).toBe(200)
  expect(hop.headers['x-amz-content-sha256']).toBe(
    createHash('sha256').update(hop.body).digest('hex'),
  )
  return verdict
}

/** The query went out in SigV4's canonical encoding, so no server can read it differently. */
function expectCanonicalQuery(hop: Hop): void {
  const query = hop.target.slice(hop.target.indexOf('?') + 1)
  for (const part of query.split('&')) {
    for (const piece of part.split('=')) {
      expect(piece, `"${part}" is not canonically encoded`).toMatch(
        /^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/,
      )
    }
  }
}

function expectUnsigned(hop: Hop | undefined): void {
  expectNoCredentials(hop)
  for (const name of SIGNATURE_HEADERS)
    expect(hop?.headers[name], `${name} arrived`).toBeUndefined()
}

/** AWS Signature Version 4 through the client: a real verifier recomputes every signature. */
export function sigv4Scenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('AWS SigV4 signing', () => {
    const setup = () => {
      const kit = suite.kit()
      kit.handle('/aws', sigv4Endpoint(verifier('execute-api')))
      kit.handle('/s3', sigv4Endpoint(verifier('s3')))
      return kit
    }

    for (const [name, { method, body }] of Object.entries(sampleBodies)) {
      it(`${name} body: signed over the bytes the client sent`, async () => {
        const kit = setup()
        const request: UniformRequest = {
          method,
          url: `${kit.http}/aws/body`,
          ...(body && { body }),
        }
        const response = await suite.client(signing()).request(request)
        expectVerified(response, onlyHop(kit, '/aws/body'))
      })
    }

    it('query in the URL (spaces, +, ~, =, unicode, repeated keys): sent canonical, signed', async () => {
      const kit = setup()
      const url = `${kit.http}/aws/query?sp ace=a b&plus=1+2&lit=%2B&tilde=~x&eq=a=b=c&uni=ü✓&rep=2&rep=1&rep=2&flag`
      const response = await suite.client(signing()).request({ url })
      const hop = onlyHop(kit, '/aws/query')
      expectVerified(response, hop)
      expectCanonicalQuery(hop)
      expect(hop.query.get('sp ace')).toBe('a b')
      expect(hop.query.get('plus')).toBe('1 2')
      expect(hop.query.get('lit')).toBe('+')
      expect(hop.query.get('tilde')).toBe('~x')
      expect(hop.query.get('eq')).toBe('a=b=c')
      expect(hop.query.get('uni')).toBe('ü✓')
      expect(hop.query.getAll('rep')).toEqual(['2', '1', '2'])
      expect(hop.query.has('flag')).toBe(true)
    })

    it("query in the client's own option: sent canonical, signed, values intact", async () => {
      const kit = setup()
      const query = {
        'sp ace': 'a b',
        plus: '1+2',
        tilde: '~x',
        eq: 'a=b',
        uni: 'ü✓',
        reserved: ":/?#[]@!$&'()*,;",
      }
      const response = await suite
        .client(signing())
        .request({ url: `${kit.http}/aws/params`, query })
      const hop = onlyHop(kit, '/aws/params')
      expectVerified(response, hop)
      expectCanonicalQuery(hop)
      expect(Object.fromEntries(hop.query)).toEqual(query)
    })

    it('temporary credentials from a provider: the session token is sent and signed', async () => {
      const kit = setup()
      let calls = 0
      const client = suite.client(
        signing({
          credentials: async () => {
            calls++
            return { ...TEMPORARY, expiration: new Date(Date.now() + 60 * 60 * 1000) }
          },
        }),
      )
      const responses = await Promise.all(
        [1, 2, 3].map((n) => client.request({ url: `${kit.http}/aws/token-${n}` })),
      )
      for (const [index, response] of responses.entries()) {
        const hop = onlyHop(kit, `/aws/token-${index + 1}`)
        const verdict = expectVerified(response, hop)
        expect(hop.headers['x-amz-security-token']).toBe(SENTINEL.awsSessionToken)
        expect(verdict.ok && verdict.signedHeaders).toContain('x-amz-security-token')
      }
      expect(calls).toBe(1)
    })

    for (const status of [302, 307]) {
      it(`${status} to the same origin: every hop signed for its own path`, async ({ skip }) => {
        if (suite.adapter.supports?.readsRedirects === false)
          skip('a browser would carry x-amz-* along: the redirect is refused (see redirects)')
        const kit = setup()
        const to = encodeURIComponent('/aws/moved?x=1 2')
        const response = await suite.client(signing()).request({
          method: 'POST',
          url: `${kit.http}/redirect?status=${status}&to=${to}`,
          body: { kind: 'json', value: { moved: true } },
        })
        const first = onlyHop(kit, '/redirect')
        expect(verifySigV4(first, verifier('execute-api'))).toMatchObject({ ok: true })
        // Whether a 302 keeps POST is the client's choice (got keeps it); the signature covers either.
        const hop = onlyHop(kit, '/aws/moved')
        if (status === 307) expect(hop.method).toBe('POST')
        expectVerified(response, hop)
        expect(answer(response).path).toBe('/aws/moved')
      })

      it(`${status} to another origin: no signature header, no session token`, async ({ skip }) => {
        if (suite.adapter.supports?.readsRedirects === false)
          skip('a browser would carry x-amz-* along: the redirect is refused (see redirects)')
        const kit = setup()
        const to = encodeURIComponent(`${kit.other}/aws/away`)
        const response = await suite.client(signing({ credentials: TEMPORARY })).request({
          method: 'POST',
          url: `${kit.http}/redirect?status=${status}&to=${to}`,
          body: { kind: 'text', value: 'hi' },
        })
        expect(verifySigV4(onlyHop(kit, '/redirect'), verifier('execute-api'))).toMatchObject({
          ok: true,
        })
        expectUnsigned(onlyHop(kit, '/aws/away'))
        expect(response.status).toBe(403)
      })
    }

    it('a one-shot stream is refused before anything is sent, or buffered and signed exactly', async ({
      skip,
    }) => {
      if (suite.adapter.supports?.streamUploads === false)
        skip('Chromium uploads a stream only over HTTP/2')
      const kit = setup()
      const chunks = [new TextEncoder().encode('chunk-1 '), new TextEncoder().encode('chunk-2')]
      const outcome = await suite
        .client(signing())
        .request({
          method: 'PUT',
          url: `${kit.http}/aws/stream`,
          body: { kind: 'stream', value: chunks },
        })
        .then(
          (response) => response,
          (error: unknown) => error,
        )
      const hops = kit.log.at('/aws/stream')
      if (isAuthError(outcome)) {
        expect(outcome.code).toBe(UNSIGNABLE_REQUEST)
        expect(hops).toHaveLength(0)
      } else {
        expect(hops).toHaveLength(1)
        expect((hops[0] as Hop).body.toString()).toBe('chunk-1 chunk-2')
        expectVerified(outcome as UniformResponse, hops[0] as Hop)
      }
    })

    it("payload: 'unsigned' uploads a stream to S3 as UNSIGNED-PAYLOAD", async ({ skip }) => {
      if (suite.adapter.supports?.streamUploads === false)
        skip('Chromium uploads a stream only over HTTP/2')
      const kit = setup()
      const chunks = [new TextEncoder().encode('chunk-1 '), new TextEncoder().encode('chunk-2')]
      const response = await suite.client(signing({ service: 's3', payload: 'unsigned' })).request({
        method: 'PUT',
        url: `${kit.http}/s3/bucket/key name+1.txt`,
        body: { kind: 'stream', value: chunks },
      })
      const hop = onlyHop(kit, '/s3/bucket/')
      expect(answer(response)).toMatchObject({ ok: true, payload: 'unsigned' })
      expect(hop.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD')
      expect(hop.body.toString()).toBe('chunk-1 chunk-2')
    })

    it("the client's own retry is signed afresh", async () => {
      const kit = setup()
      const verdicts: boolean[] = []
      kit.handle('/aws-flaky', (hop, _url, response) => {
        verdicts.push(verifySigV4(hop, verifier('execute-api')).ok)
        response.writeHead(verdicts.length === 1 ? 503 : 200, { 'retry-after': '0' })
        response.end()
      })
      const response = await suite
        .client(signing(), { retry: { limit: 1, statusCodes: [503] } })
        .request({
          method: 'PUT',
          url: `${kit.http}/aws-flaky`,
          body: { kind: 'json', value: { n: 1 } },
        })
      expect(response.status).toBe(200)
      expect(verdicts).toEqual([true, true])
    })

    it('errors carry neither the session token nor the secret key', async ({ skip }) => {
      if (suite.adapter.supports?.httpErrors === false) skip('this client resolves on HTTP errors')
      const kit = setup()
      kit.handle('/aws-denied', sigv4Endpoint({ ...verifier('execute-api'), region: 'us-east-1' }))
      const error = await suite
        .client(signing({ credentials: TEMPORARY }), { throwHttpErrors: true })
        .request({ url: `${kit.http}/aws-denied?x=1` })
        .then(
          () => undefined,
          (thrown: unknown) => thrown,
        )
      expect(error, 'the client should throw its HTTP error').toBeDefined()
      expect(onlyHop(kit, '/aws-denied').headers['x-amz-security-token']).toBe(
        SENTINEL.awsSessionToken,
      )
      expect(findLeaks(error)).toEqual([])
    })
  })
}
