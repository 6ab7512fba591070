import { INVALID_CONFIG, isAuthError, UNSIGNABLE_REQUEST } from '@latchkey/core'
import { bytesBody } from '@latchkey/core/adapter'
import { createAuthRequest } from '@latchkey/core/strategy'
import { driveFlow, thrown } from '@latchkey/core/testing'
import { describe, expect, it } from 'vitest'
import { type ComponentInput, type HttpSignatureOptions, httpSignature } from '../src/index.js'
import {
  CREATED,
  TEST_KEY_ECC_P256_JWK,
  TEST_KEY_ECC_P256_PRIVATE,
  TEST_KEY_ECC_P256_PUBLIC,
  TEST_KEY_ED25519_JWK,
  TEST_KEY_ED25519_PRIVATE,
  TEST_KEY_ED25519_PUBLIC,
  TEST_KEY_RSA_PRIVATE,
  TEST_KEY_RSA_PUBLIC,
} from './fixtures/rfc9421.js'
import { rfcContext, signatureOf, streamBody, testRequest, toPkcs8, verifies } from './helpers.js'

const ed25519 = (options: Partial<HttpSignatureOptions> = {}) =>
  httpSignature({
    keyId: 'test-key-ed25519',
    key: TEST_KEY_ED25519_PRIVATE,
    algorithm: 'ed25519',
    ...options,
  })

async function rejected(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error,
  )
}

/** The base a verifier rebuilds for `components` from the request that was sent. */
function lines(sent: { headers: Headers }, label = 'sig1'): string {
  const input = sent.headers.get('signature-input') ?? ''
  return input.slice(label.length + 1)
}

describe('httpSignature: algorithms', () => {
  const base = (params: string) =>
    `"@method": POST\n"@authority": example.com\n"@signature-params": ("@method" "@authority");${params}`
  const cases = [
    [
      'ecdsa-p256-sha256 (JWK)',
      'ecdsa-p256-sha256',
      TEST_KEY_ECC_P256_JWK,
      TEST_KEY_ECC_P256_PUBLIC,
    ],
    [
      'ecdsa-p256-sha256 (SEC 1 PEM converted)',
      'ecdsa-p256-sha256',
      toPkcs8(TEST_KEY_ECC_P256_PRIVATE),
      TEST_KEY_ECC_P256_PUBLIC,
    ],
    [
      'rsa-v1_5-sha256 (PKCS#1 PEM converted)',
      'rsa-v1_5-sha256',
      toPkcs8(TEST_KEY_RSA_PRIVATE),
      TEST_KEY_RSA_PUBLIC,
    ],
    ['ed25519 (JWK)', 'ed25519', TEST_KEY_ED25519_JWK, TEST_KEY_ED25519_PUBLIC],
  ] as const
  for (const [name, algorithm, key, publicKey] of cases) {
    it(`${name}: node:crypto verifies the signature over the base`, async () => {
      const strategy = httpSignature({
        keyId: 'k',
        key,
        algorithm,
        components: ['@method', '@authority'],
      })
      const [sent] = await driveFlow(strategy.flow(testRequest(), rfcContext()))
      const signature = signatureOf(sent?.headers.get('signature') ?? null, 'sig1')
      expect(verifies(algorithm, publicKey, base(`created=${CREATED};keyid="k"`), signature)).toBe(
        true,
      )
    })
  }

  it('ecdsa-p384-sha384 with a generated CryptoKey', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, [
      'sign',
      'verify',
    ])
    const strategy = httpSignature({
      keyId: 'p384',
      key: pair.privateKey,
      algorithm: 'ecdsa-p384-sha384',
      components: ['@method', '@authority'],
      alg: true,
    })
    const [sent] = await driveFlow(strategy.flow(testRequest(), rfcContext()))
    expect(sent?.headers.get('signature-input')).toBe(
      `sig1=("@method" "@authority");created=${CREATED};keyid="p384";alg="ecdsa-p384-sha384"`,
    )
    const signature = Buffer.from(
      signatureOf(sent?.headers.get('signature') ?? null, 'sig1'),
      'base64',
    )
    expect(signature).toHaveLength(96)
    const ok = await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-384' },
      pair.publicKey,
      signature,
      new TextEncoder().encode(base(`created=${CREATED};keyid="p384";alg="ecdsa-p384-sha384"`)),
    )
    expect(ok).toBe(true)
  })
})

describe('httpSignature: configuration', () => {
  const refused = (options: Partial<HttpSignatureOptions>) => thrown(() => ed25519(options))
  it.each([
    [
      'req on a request',
      { components: [{ component: '@method', req: true }] },
      '"req" applies to responses',
    ],
    ['@status', { components: ['@status'] }, 'response component'],
    ['an unknown derived component', { components: ['@nope'] }, 'unknown derived component'],
    ['a component twice', { components: ['@method', '@method'] }, 'covered twice'],
    [
      'bs with sf',
      { components: [{ component: 'x-a', bs: true, sf: true }] },
      '"bs" cannot be combined',
    ],
    ['sf of an unknown type', { components: [{ component: 'x-a', sf: true }] }, 'structuredFields'],
    ['@query-param without a name', { components: ['@query-param'] }, 'needs the parameter'],
    ['covering the signature itself', { components: ['signature'] }, 'cannot cover itself'],
    ['trailers', { components: [{ component: 'x-a', tr: true }] }, 'trailers'],
    ['a label that is not a key', { label: 'Sig 1' }, 'label'],
    ['expires of zero', { expires: 0 }, 'expires'],
  ])('%s: INVALID_CONFIG', (_name, options, message) => {
    const error = refused(options as Partial<HttpSignatureOptions>)
    expect(error).toMatchObject({ code: INVALID_CONFIG })
    expect((error as Error).message).toContain(message)
  })

  it('key problems are INVALID_CONFIG and never quote the key', () => {
    const body = TEST_KEY_RSA_PRIVATE.split('\n')[1] as string
    const pkcs1 = thrown(() =>
      httpSignature({ keyId: 'k', key: TEST_KEY_RSA_PRIVATE, algorithm: 'rsa-v1_5-sha256' }),
    )
    expect(pkcs1).toMatchObject({ code: INVALID_CONFIG })
    expect((pkcs1 as Error).message).toContain('openssl pkcs8 -topk8')
    const { d: _d, ...publicJwk } = TEST_KEY_ED25519_JWK
    const errors = [
      pkcs1,
      thrown(() => httpSignature({ keyId: 'k', key: publicJwk, algorithm: 'ed25519' })),
      thrown(() =>
        httpSignature({ keyId: 'k', key: TEST_KEY_ED25519_JWK, algorithm: 'ecdsa-p256-sha256' }),
      ),
      thrown(() =>
        httpSignature({ keyId: 'k', key: new Uint8Array(16), algorithm: 'hmac-sha256' }),
      ),
      thrown(() => httpSignature({ keyId: 'k', key: 'not a key', algorithm: 'ed25519' })),
    ]
    for (const error of errors) {
      expect(isAuthError(error) && error.code).toBe(INVALID_CONFIG)
      expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(body)
      expect((error as Error).message).not.toContain(TEST_KEY_ED25519_JWK.d)
    }
  })

  it('a PEM that does not import fails on the first request with INVALID_CONFIG, no material', async () => {
    const garbage = `-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n-----END PRIVATE KEY-----\n`
    const strategy = httpSignature({ keyId: 'k', key: garbage, algorithm: 'ecdsa-p256-sha256' })
    const error = await rejected(driveFlow(strategy.flow(testRequest(), rfcContext())))
    expect(error).toMatchObject({ code: INVALID_CONFIG })
    expect((error as Error).message).not.toContain('MC4CAQAw')
    expect((error as Error).cause).toBeUndefined()
  })

  it('a public CryptoKey is refused', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair
    expect(
      thrown(() => httpSignature({ keyId: 'k', key: pair.publicKey, algorithm: 'ed25519' })),
    ).toMatchObject({
      code: INVALID_CONFIG,
    })
  })
})

describe('httpSignature: what is covered', () => {
  const signWith = async (
    components: readonly ComponentInput[],
    url: string,
    headers: HeadersInit = {},
  ) => {
    const strategy = ed25519({ components, created: false })
    const request = createAuthRequest({ method: 'GET', url, headers })
    const [sent] = await driveFlow(strategy.flow(request, rfcContext()))
    return sent
  }

  it('derived components of a URL with port, empty query and encoded path', async () => {
    const { signatureBase } = await import('../src/base.js')
    const { componentIds, KNOWN_STRUCTURED_FIELDS } = await import('../src/components.js')
    const url = new URL('HTTPS://Example.COM:8443/a%20b/c?')
    const ids = componentIds(
      ['@target-uri', '@scheme', '@authority', '@request-target', '@path', '@query'],
      KNOWN_STRUCTURED_FIELDS,
    )
    const { base } = signatureBase(
      { method: 'GET', url, headers: new Headers() },
      ids,
      {},
      KNOWN_STRUCTURED_FIELDS,
    )
    expect(base.split('\n').slice(0, 6)).toEqual([
      '"@target-uri": https://example.com:8443/a%20b/c?',
      '"@scheme": https',
      '"@authority": example.com:8443',
      '"@request-target": /a%20b/c?',
      '"@path": /a%20b/c',
      '"@query": ?',
    ])
  })

  it('sf, key and bs on fields', async () => {
    const { signatureBase } = await import('../src/base.js')
    const { componentIds } = await import('../src/components.js')
    const types = { 'example-dict': 'dictionary', 'example-list': 'list' } as const
    const headers = new Headers({
      'example-dict': ' a=1,    b=2;x=1;y=2,   c=(a   b   c)',
      'example-list': 'a,   b,c',
      'example-header': 'value, with, lots',
    })
    const ids = componentIds(
      [
        { component: 'example-dict', sf: true },
        { component: 'example-dict', key: 'c' },
        { component: 'example-dict', key: 'b' },
        { component: 'example-list', sf: true },
        { component: 'example-header', bs: true },
      ],
      types,
    )
    const { base } = signatureBase(
      { method: 'GET', url: new URL('https://a.test/'), headers },
      ids,
      {},
      types,
    )
    // RFC 9421 sections 2.1.1, 2.1.2 and 2.1.3 give these lines for these fields.
    expect(base.split('\n').slice(0, 5)).toEqual([
      '"example-dict";sf: a=1, b=2;x=1;y=2, c=(a b c)',
      '"example-dict";key="c": (a b c)',
      '"example-dict";key="b": 2;x=1;y=2',
      '"example-list";sf: a, b, c',
      `"example-header";bs: :${btoa('value, with, lots')}:`,
    ])
  })

  it('a header that is not on the request: UNSIGNABLE_REQUEST before anything is sent', async () => {
    const error = await rejected(signWith(['@method', 'x-missing'], 'https://a.test/'))
    expect(error).toMatchObject({ code: UNSIGNABLE_REQUEST })
  })

  it('a query parameter named twice: UNSIGNABLE_REQUEST', async () => {
    const error = await rejected(
      signWith([{ component: '@query-param', name: 'a' }], 'https://a.test/?a=1&a=2'),
    )
    expect(error).toMatchObject({ code: UNSIGNABLE_REQUEST })
  })

  it('content-digest over a one-shot stream: UNSIGNABLE_REQUEST', async () => {
    const error = await rejected(
      driveFlow(ed25519().flow(testRequest({ body: streamBody() }), rfcContext())),
    )
    expect(error).toMatchObject({ code: UNSIGNABLE_REQUEST })
  })

  it('without content-digest, a stream is signed and sent', async () => {
    const [sent] = await driveFlow(
      ed25519({ components: ['@method'] }).flow(testRequest({ body: streamBody() }), rfcContext()),
    )
    expect(sent?.headers.has('signature')).toBe(true)
  })

  it('no body: the digest of nothing', async () => {
    const sent = await signWith(['content-digest'], 'https://a.test/')
    expect(sent?.headers.get('content-digest')).toBe(
      'sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:',
    )
  })

  it('created, expires, nonce and tag follow the clock and options', async () => {
    const nonces = new Set<string>()
    for (let i = 0; i < 3; i++) {
      const [sent] = await driveFlow(
        ed25519({ components: [], expires: 60, nonce: true, tag: 'app' }).flow(
          testRequest(),
          rfcContext(),
        ),
      )
      const input = sent?.headers.get('signature-input') ?? ''
      const match =
        /^sig1=\(\);created=(\d+);expires=(\d+);keyid="test-key-ed25519";nonce="([A-Za-z0-9_-]{22})";tag="app"$/.exec(
          input,
        )
      expect(match, input).not.toBeNull()
      expect([Number(match?.[1]), Number(match?.[2])]).toEqual([CREATED, CREATED + 60])
      nonces.add(match?.[3] as string)
    }
    expect(nonces.size).toBe(3)
  })
})

describe('httpSignature: Accept-Signature', () => {
  const challenge = (value: string, status = 401) => ({
    status,
    headers: new Headers({ 'accept-signature': value }),
  })

  it('a 401 asking for other components is answered once, with them, under its label', async () => {
    const strategy = ed25519()
    const sent = await driveFlow(strategy.flow(testRequest(), rfcContext()), [
      challenge(
        'sig-b=("@method" "@path" "content-type" "content-digest");keyid="test-key-ed25519";created;nonce="abc";tag="t"',
      ),
      challenge('sig-b=("@method")'),
    ])
    expect(sent).toHaveLength(2)
    expect(sent[0]?.headers.get('signature-input')).toMatch(
      /^sig1=\("@method" "@target-uri" "content-digest"\)/,
    )
    expect(sent[1]?.headers.get('signature-input')).toBe(
      `sig-b=("@method" "@path" "content-type" "content-digest");created=${CREATED};keyid="test-key-ed25519";nonce="abc";tag="t"`,
    )
    const signature = signatureOf(sent[1]?.headers.get('signature') ?? null, 'sig-b')
    const base = [
      '"@method": POST',
      '"@path": /foo',
      '"content-type": application/json',
      '"content-digest": sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:',
      `"@signature-params": ${lines(sent[1] as { headers: Headers }, 'sig-b')}`,
    ].join('\n')
    expect(verifies('ed25519', TEST_KEY_ED25519_PUBLIC, base, signature)).toBe(true)
  })

  it('several labels asked for: one signature each, in one Signature-Input and one Signature', async () => {
    const sent = await driveFlow(ed25519().flow(testRequest(), rfcContext()), [
      challenge('a=("@method");tag="one", b=("@authority" "date");expires'),
    ])
    expect(sent[1]?.headers.get('signature-input')).toBe(
      `a=("@method");created=${CREATED};keyid="test-key-ed25519";tag="one", ` +
        `b=("@authority" "date");created=${CREATED};expires=${CREATED + 300};keyid="test-key-ed25519"`,
    )
    const signatures = sent[1]?.headers.get('signature') ?? null
    const base = (params: string) => `"@method": POST\n"@signature-params": ("@method");${params}`
    expect(
      verifies(
        'ed25519',
        TEST_KEY_ED25519_PUBLIC,
        base(`created=${CREATED};keyid="test-key-ed25519";tag="one"`),
        signatureOf(signatures, 'a'),
      ),
    ).toBe(true)
    expect(signatureOf(signatures, 'b')).not.toBe(signatureOf(signatures, 'a'))
  })

  it('more than four labels asked for: refused', async () => {
    const many = ['a', 'b', 'c', 'd', 'e'].map((label) => `${label}=("@method")`).join(', ')
    expect(
      await driveFlow(ed25519().flow(testRequest(), rfcContext()), [challenge(many)]),
    ).toHaveLength(1)
  })

  it.each([
    ['another key', 'sig1=("@method");keyid="someone-else"'],
    ['another algorithm', 'sig1=("@method");alg="rsa-pss-sha512"'],
    ['a response component', 'sig1=("@status")'],
    ['a header the request lacks', 'sig1=("x-missing")'],
    ['an unknown parameter', 'sig1=("@method");foo=1'],
    ['not a structured field', 'sig1=(@method'],
  ])("%s: no resend, the 401 is the caller's", async (_name, value) => {
    const sent = await driveFlow(ed25519().flow(testRequest(), rfcContext()), [challenge(value)])
    expect(sent).toHaveLength(1)
  })

  it('only a 401 asks; acceptSignature: false ignores it', async () => {
    expect(
      await driveFlow(ed25519().flow(testRequest(), rfcContext()), [
        challenge('sig1=("@method")', 403),
      ]),
    ).toHaveLength(1)
    const off = ed25519({ acceptSignature: false })
    expect(
      await driveFlow(off.flow(testRequest(), rfcContext()), [challenge('sig1=("@method")')]),
    ).toHaveLength(1)
  })

  it('a one-shot body is not signed again', async () => {
    const strategy = ed25519({ components: ['@method'] })
    const sent = await driveFlow(strategy.flow(testRequest({ body: streamBody() }), rfcContext()), [
      challenge('sig1=("@method" "@path")'),
    ])
    expect(sent).toHaveLength(1)
  })

  it('a body is digested for the resend too', async () => {
    const request = createAuthRequest({
      method: 'PUT',
      url: 'https://a.test/',
      body: bytesBody('x', 'x'),
    })
    const sent = await driveFlow(ed25519({ components: ['@method'] }).flow(request, rfcContext()), [
      challenge('sig1=("content-digest")'),
    ])
    expect(sent[0]?.headers.has('content-digest')).toBe(false)
    expect(sent[1]?.headers.get('content-digest')).toBe(
      'sha-256=:LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE=:',
    )
  })
})
