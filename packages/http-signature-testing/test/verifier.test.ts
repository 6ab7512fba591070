import { describe, expect, it } from 'vitest'
import {
  CREATED,
  TEST_CASES,
  TEST_KEY_ED25519_PUBLIC,
  TEST_KEY_RSA_PSS_PUBLIC,
  TEST_REQUEST,
  TEST_SHARED_SECRET,
} from '../../http-signature/test/fixtures/rfc9421.js'
import { type ReceivedRequest, type VerifierKey, verifyHttpSignature } from '../src/verifier.js'

const keys: Record<string, VerifierKey> = {
  'test-key-rsa-pss': { algorithm: 'rsa-pss-sha512', key: TEST_KEY_RSA_PSS_PUBLIC },
  'test-key-ed25519': { algorithm: 'ed25519', key: TEST_KEY_ED25519_PUBLIC },
  'test-shared-secret': {
    algorithm: 'hmac-sha256',
    key: Buffer.from(TEST_SHARED_SECRET, 'base64'),
  },
}
const options = { keys, now: () => CREATED * 1000 }

/** RFC 9421's test-request as a server receives it, with one of the RFC's signatures. */
function received(
  test: (typeof TEST_CASES)[number],
  change: Partial<ReceivedRequest> = {},
): ReceivedRequest {
  const target = new URL(TEST_REQUEST.url)
  return {
    scheme: 'https',
    method: TEST_REQUEST.method,
    target: `${target.pathname}${target.search}`,
    rawHeaders: [
      ['Host', 'example.com'],
      ['Date', TEST_REQUEST.headers.date],
      ['Content-Type', TEST_REQUEST.headers['content-type']],
      ['Content-Digest', TEST_REQUEST.headers['content-digest']],
      ['Content-Length', TEST_REQUEST.headers['content-length']],
      ['Signature-Input', test.signatureInput],
      ['Signature', `${test.label}=:${test.signature}:`],
    ],
    body: Buffer.from(TEST_REQUEST.body),
    ...change,
  }
}

describe('the verifier, on RFC 9421 Appendix B.2', () => {
  for (const test of TEST_CASES) {
    it(`${test.section}: verifies the RFC's signature over the RFC's base`, () => {
      const verdict = verifyHttpSignature(received(test), options)
      expect(verdict).toMatchObject({ ok: true, contentDigest: 'matched' })
      expect(verdict.ok && verdict.signatures[0]?.base).toBe(test.base)
    })
  }

  const b26 = TEST_CASES.find((test) => test.label === 'sig-b26') as (typeof TEST_CASES)[number]

  it('refuses a changed covered header', () => {
    const request = received(b26)
    const rawHeaders = request.rawHeaders.map(([name, value]) =>
      name === 'Content-Type'
        ? (['Content-Type', 'text/plain'] as const)
        : ([name, value] as const),
    )
    expect(verifyHttpSignature({ ...request, rawHeaders }, options)).toMatchObject({
      ok: false,
      reason: 'sig-b26: signature mismatch',
    })
  })

  it('refuses a body whose Content-Digest does not match', () => {
    expect(
      verifyHttpSignature(received(b26, { body: Buffer.from('{"hello": "moon"}') }), options),
    ).toMatchObject({
      ok: false,
      reason: 'Content-Digest sha-512 is not the digest of the body received',
    })
  })

  it('refuses an unknown key, an old signature, and a missing required component', () => {
    expect(verifyHttpSignature(received(b26), { keys: {}, now: options.now })).toMatchObject({
      ok: false,
    })
    expect(
      verifyHttpSignature(received(b26), { keys, now: () => (CREATED + 301) * 1000 }),
    ).toMatchObject({
      ok: false,
      reason: 'sig-b26: created is too old',
    })
    expect(
      verifyHttpSignature(received(b26), { ...options, required: ['content-digest'] }),
    ).toMatchObject({
      ok: false,
      reason: 'sig-b26: content-digest is not covered',
    })
  })
})
