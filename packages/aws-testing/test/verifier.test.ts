import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  canonicalPath,
  canonicalQuery,
  canonicalRequest,
  type ReceivedRequest,
  type SigV4VerifierOptions,
  signatureOf,
  stringToSign,
  verifySigV4,
} from '../src/kit.js'
import {
  SUITE_CREDENTIALS,
  SUITE_SESSION_TOKEN,
  SUITE_VECTORS,
  type SuiteVector,
} from './aws-sigv4-test-suite.js'

const { region, service, accessKeyId, secretAccessKey, now } = SUITE_CREDENTIALS
const SCOPE = '20150830/us-east-1/service/aws4_request'

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

function received(vector: SuiteVector, authorization = vector.authz): ReceivedRequest {
  return {
    method: vector.method,
    target: vector.target,
    rawHeaders: [...vector.headers, ['Authorization', authorization]],
    body: new TextEncoder().encode(vector.body),
  }
}

function options(
  vector: SuiteVector,
  overrides: Partial<SigV4VerifierOptions> = {},
): SigV4VerifierOptions {
  const token = vector.headers.some(([name]) => name === 'X-Amz-Security-Token')
  return {
    region,
    service,
    keys: {
      [accessKeyId]: { secretAccessKey, ...(token && { sessionToken: SUITE_SESSION_TOKEN }) },
    },
    now: () => now,
    ...overrides,
  }
}

function signedHeadersOf(authz: string): string[] {
  return (/SignedHeaders=([^,]+)/.exec(authz)?.[1] ?? '').split(';')
}

describe('the SigV4 verifier against the AWS test suite', () => {
  for (const vector of SUITE_VECTORS) {
    describe(vector.name, () => {
      it('computes the canonical request, string to sign and signature of the suite', () => {
        const request = received(vector)
        const canonical = canonicalRequest(
          request,
          signedHeadersOf(vector.authz),
          sha256(vector.body),
          false,
        )
        expect(canonical.missing).toEqual([])
        expect(canonical.text).toBe(vector.creq)
        expect(vector.sts.split('\n').at(-1)).toBe(sha256(vector.creq))
        expect(stringToSign('20150830T123600Z', SCOPE, canonical.text)).toBe(vector.sts)
        expect(
          vector.authz.endsWith(
            `Signature=${signatureOf(secretAccessKey, '20150830T123600Z', SCOPE, canonical.text)}`,
          ),
        ).toBe(true)
      })

      it('accepts the signed request, and refuses it with one byte of the signature changed', () => {
        expect(verifySigV4(received(vector), options(vector))).toMatchObject({
          ok: true,
          accessKeyId,
        })
        const flipped = vector.authz.replace(/.$/, (last) => (last === '0' ? '1' : '0'))
        expect(verifySigV4(received(vector, flipped), options(vector))).toMatchObject({
          ok: false,
          reason: 'signature mismatch',
        })
      })
    })
  }
})

describe('the SigV4 verifier refuses', () => {
  const vanilla = SUITE_VECTORS.find(
    (vector) => vector.name === 'get-vanilla-query-order-key-case',
  ) as SuiteVector
  const form = SUITE_VECTORS.find(
    (vector) => vector.name === 'post-x-www-form-urlencoded',
  ) as SuiteVector
  const reason = (
    request: ReceivedRequest,
    vector: SuiteVector,
    overrides: Partial<SigV4VerifierOptions> = {},
  ) => {
    const verdict = verifySigV4(request, options(vector, overrides))
    return verdict.ok ? 'accepted' : verdict.reason
  }

  it('a changed path, query, signed header or body', () => {
    expect(
      reason({ ...received(vanilla), target: '/x?Param2=value2&Param1=value1' }, vanilla),
    ).toBe('signature mismatch')
    expect(reason({ ...received(vanilla), target: '/?Param2=value2&Param1=value9' }, vanilla)).toBe(
      'signature mismatch',
    )
    const host = received(vanilla).rawHeaders.map(([name, value]) =>
      name === 'Host' ? (['Host', 'evil.example.com'] as const) : ([name, value] as const),
    )
    expect(reason({ ...received(vanilla), rawHeaders: host }, vanilla)).toBe('signature mismatch')
    expect(
      reason({ ...received(form), body: new TextEncoder().encode('Param1=value2') }, form),
    ).toBe('signature mismatch')
  })

  it('the wrong secret, an unknown key, another scope, a stale date', () => {
    expect(
      reason(received(vanilla), vanilla, { keys: { [accessKeyId]: { secretAccessKey: 'other' } } }),
    ).toBe('signature mismatch')
    expect(reason(received(vanilla), vanilla, { keys: {} })).toMatch(/unknown access key/)
    expect(reason(received(vanilla), vanilla, { region: 'eu-west-1' })).toMatch(/credential scope/)
    expect(reason(received(vanilla), vanilla, { now: () => now + 16 * 60 * 1000 })).toMatch(
      /15 minutes/,
    )
  })

  it('a missing or wrong session token', () => {
    const sts = SUITE_VECTORS.find(
      (vector) => vector.name === 'post-sts-header-before',
    ) as SuiteVector
    expect(reason(received(sts), sts, { keys: { [accessKeyId]: { secretAccessKey } } })).toMatch(
      /security-token/,
    )
    expect(
      reason(received(vanilla), vanilla, {
        keys: { [accessKeyId]: { secretAccessKey, sessionToken: 'expected' } },
      }),
    ).toMatch(/security-token/)
  })

  it('a payload hash that is not the body received, and UNSIGNED-PAYLOAD unless allowed', () => {
    /** `form` re-signed with an x-amz-content-sha256 header of `hash`, then sent with `body`. */
    const declaring = (hash: string, body = form.body): ReceivedRequest => {
      const headers = [...form.headers, ['x-amz-content-sha256', hash] as const]
      const signedHeaders = ['content-type', 'host', 'x-amz-content-sha256', 'x-amz-date']
      const unsigned = { ...received(form), rawHeaders: headers }
      const canonical = canonicalRequest(unsigned, signedHeaders, hash, false).text
      const signature = signatureOf(secretAccessKey, '20150830T123600Z', SCOPE, canonical)
      return {
        ...unsigned,
        rawHeaders: [
          ...headers,
          [
            'Authorization',
            `${form.authz.split(',')[0]}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`,
          ],
        ],
        body: new TextEncoder().encode(body),
      }
    }
    expect(reason(declaring(sha256(form.body)), form)).toBe('accepted')
    expect(reason(declaring(sha256(form.body), 'Param1=value2'), form)).toMatch(
      /not the SHA-256 of the body/,
    )
    expect(reason(declaring('UNSIGNED-PAYLOAD'), form)).toMatch(/UNSIGNED-PAYLOAD is not accepted/)
    expect(
      reason(declaring('UNSIGNED-PAYLOAD', 'anything'), form, { allowUnsignedPayload: true }),
    ).toBe('accepted')
  })

  it('a signed header that never arrived', () => {
    const headerless = {
      ...received(form),
      rawHeaders: received(form).rawHeaders.filter(([name]) => name !== 'Content-Type'),
    }
    expect(reason(headerless, form)).toMatch(/signed headers not received: content-type/)
  })
})

describe('canonical forms the suite does not cover', () => {
  it('reads + in a query as a space, and keeps %2B a plus', () => {
    expect(canonicalQuery('q=a+b&p=%2B&r=%7e&flag')).toBe('flag=&p=%2B&q=a%20b&r=~')
  })

  it('encodes an S3 path once, without normalizing it', () => {
    expect(canonicalPath('/test$file.text', true)).toBe('/test%24file.text')
    expect(canonicalPath('/a%20b//c/../d', true)).toBe('/a%20b//c/../d')
    expect(canonicalPath('/a%20b//c/../d', false)).toBe('/a%2520b/d')
  })
})
