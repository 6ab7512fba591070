import { driveFlow } from '@latchkey/core/testing'
import { describe, expect, it } from 'vitest'
import { signatureBase } from '../src/base.js'
import { componentIds, KNOWN_STRUCTURED_FIELDS } from '../src/components.js'
import { type HttpSignatureOptions, httpSignature } from '../src/index.js'
import {
  CREATED,
  QUERY_PARAM_EXAMPLE,
  TEST_CASES,
  TEST_KEY_ED25519_JWK,
  TEST_KEY_ED25519_PRIVATE,
  TEST_KEY_ED25519_PUBLIC,
  TEST_KEY_RSA_PSS_PRIVATE,
  TEST_KEY_RSA_PSS_PUBLIC,
  TEST_REQUEST,
  TEST_SHARED_SECRET,
  type TestCase,
} from './fixtures/rfc9421.js'
import { rfcContext, signatureOf, testRequest, verifies } from './helpers.js'

const sharedSecret = Uint8Array.from(atob(TEST_SHARED_SECRET), (char) => char.charCodeAt(0))

function keyFor(test: TestCase): HttpSignatureOptions['key'] {
  switch (test.algorithm) {
    case 'rsa-pss-sha512':
      return TEST_KEY_RSA_PSS_PRIVATE
    case 'hmac-sha256':
      return sharedSecret
    case 'ed25519':
      return TEST_KEY_ED25519_PRIVATE
    default:
      throw new Error(`no key for ${test.algorithm}`)
  }
}

function strategyFor(test: TestCase) {
  return httpSignature({
    keyId: test.keyid,
    key: keyFor(test),
    algorithm: test.algorithm,
    label: test.label,
    components: test.components,
    // The RFC's request carries a SHA-512 Content-Digest: computing ours must reproduce it.
    digest: 'sha-512',
    ...(test.nonce !== undefined && { nonce: () => test.nonce as string }),
    ...(test.tag !== undefined && { tag: test.tag }),
  })
}

describe('RFC 9421 Appendix B.2 test cases', () => {
  for (const test of TEST_CASES) {
    describe(test.section, () => {
      it('builds the signature base the RFC gives', () => {
        const { host: _host, ...headers } = TEST_REQUEST.headers
        const request = testRequest()
        const { base } = signatureBase(
          { method: request.method, url: request.url, headers: new Headers(headers) },
          componentIds(test.components, KNOWN_STRUCTURED_FIELDS),
          {
            created: CREATED,
            keyid: test.keyid,
            ...(test.nonce !== undefined && { nonce: test.nonce }),
            ...(test.tag !== undefined && { tag: test.tag }),
          },
          KNOWN_STRUCTURED_FIELDS,
        )
        expect(base).toBe(test.base)
      })

      it('sends the Signature-Input the RFC gives, and a signature over its base', async () => {
        const [sent, ...more] = await driveFlow(strategyFor(test).flow(testRequest(), rfcContext()))
        expect(more).toHaveLength(0)
        expect(sent?.headers.get('signature-input')).toBe(test.signatureInput)
        expect(sent?.headers.get('content-digest')).toBe(TEST_REQUEST.headers['content-digest'])
        const signature = signatureOf(sent?.headers.get('signature') ?? null, test.label)
        if (test.algorithm === 'ed25519' || test.algorithm === 'hmac-sha256') {
          // Deterministic: the exact bytes of the RFC.
          expect(signature).toBe(test.signature)
        } else {
          expect(verifies('rsa-pss-sha512', TEST_KEY_RSA_PSS_PUBLIC, test.base, signature)).toBe(
            true,
          )
          expect(
            verifies('rsa-pss-sha512', TEST_KEY_RSA_PSS_PUBLIC, test.base, test.signature),
          ).toBe(true)
        }
      })
    })
  }

  it('the Ed25519 key as a JWK signs the same bytes as the PEM', async () => {
    const test = TEST_CASES.find((entry) => entry.algorithm === 'ed25519') as TestCase
    const strategy = httpSignature({
      keyId: test.keyid,
      key: TEST_KEY_ED25519_JWK,
      algorithm: 'ed25519',
      label: test.label,
      components: test.components,
    })
    const [sent] = await driveFlow(strategy.flow(testRequest(), rfcContext()))
    expect(signatureOf(sent?.headers.get('signature') ?? null, test.label)).toBe(test.signature)
    expect(verifies('ed25519', TEST_KEY_ED25519_PUBLIC, test.base, test.signature)).toBe(true)
  })

  it('a tampered base does not verify (the check can fail)', () => {
    const test = TEST_CASES[0] as TestCase
    expect(
      verifies('rsa-pss-sha512', TEST_KEY_RSA_PSS_PUBLIC, `${test.base} `, test.signature),
    ).toBe(false)
  })
})

describe('RFC 9421 section 2.2.8 @query-param', () => {
  for (const [name, line] of Object.entries(QUERY_PARAM_EXAMPLE.lines)) {
    it(`${name}: decoded as a form, encoded again`, () => {
      const { base } = signatureBase(
        { method: 'GET', url: new URL(QUERY_PARAM_EXAMPLE.url), headers: new Headers() },
        componentIds([{ component: '@query-param', name }], KNOWN_STRUCTURED_FIELDS),
        {},
        KNOWN_STRUCTURED_FIELDS,
      )
      expect(base.split('\n')[0]).toBe(line)
    })
  }
})
