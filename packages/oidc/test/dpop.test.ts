import { type AuthEvent, MemoryTokenStore, type StoredToken } from '@latchkey/core'
import { TokenEngine, type TokenGrant, tokenKind } from '@latchkey/core/strategy'
import { base64url, calculateJwkThumbprint, decodeJwt, EmbeddedJWK, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { asksForNonce, dpopFlow } from '../src/dpop/flow.js'
import { DPoPProver } from '../src/dpop/prover.js'
import { context, drain, request, response } from './helpers.js'

const token: StoredToken = {
  accessToken: 'access-token-one',
  tokenType: 'DPoP',
  issuedAt: 0,
  expiresAt: Number.MAX_SAFE_INTEGER,
}

async function sha256(value: string): Promise<string> {
  return base64url.encode(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value))),
  )
}

describe('DPoP proofs (RFC 9449 section 4)', () => {
  it('a signed dpop+jwt with the public key only, the method, the URL without query or fragment, and ath', async () => {
    const prover = new DPoPProver(true)
    const sent = await prover.present(
      request('https://api.example.com/v1/things?page=2#top', { method: 'PATCH' }),
      token,
    )
    expect(sent.headers.get('authorization')).toBe('DPoP access-token-one')
    const proof = sent.headers.get('dpop') ?? ''
    const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt' })
    expect(protectedHeader.alg).toBe('ES256')
    expect(Object.keys(protectedHeader.jwk ?? {}).sort()).toEqual(['crv', 'kty', 'x', 'y'])
    expect(payload).toMatchObject({
      htm: 'PATCH',
      htu: 'https://api.example.com/v1/things',
      ath: await sha256('access-token-one'),
    })
    expect(Math.abs((payload.iat ?? 0) - Date.now() / 1000)).toBeLessThan(60)
    expect(payload.nonce).toBeUndefined()
  })

  it('a new jti for every proof, with one key for all of them', async () => {
    const prover = new DPoPProver(true)
    const proofs = await Promise.all(
      Array.from({ length: 20 }, () =>
        prover.proof('GET', new URL('https://api.example.com/x'), 'tok'),
      ),
    )
    expect(new Set(proofs.map((proof) => decodeJwt(proof).jti)).size).toBe(20)
    const thumbprints = await Promise.all(
      proofs.map(async (proof) =>
        calculateJwkThumbprint((await jwtVerify(proof, EmbeddedJWK)).protectedHeader.jwk ?? {}),
      ),
    )
    expect(new Set(thumbprints).size).toBe(1)
  })

  it('nonces are remembered per origin, from any response, and never sent to another origin', async () => {
    const prover = new DPoPProver(true)
    const api = new URL('https://api.example.com/a')
    prover.observe(api, new Headers({ 'dpop-nonce': 'nonce-1' }))
    expect(decodeJwt(await prover.proof('GET', new URL('https://api.example.com/b'))).nonce).toBe(
      'nonce-1',
    )
    expect(
      decodeJwt(await prover.proof('GET', new URL('https://other.example.com/b'))).nonce,
    ).toBeUndefined()
    prover.observe(api, new Headers({ 'dpop-nonce': 'nonce-2' }))
    prover.observe(api, new Headers())
    expect(decodeJwt(await prover.proof('GET', api)).nonce).toBe('nonce-2')
  })

  it('your own key pair: RSA-PSS signs PS256, Ed25519 signs EdDSA', async () => {
    const pss = (await crypto.subtle.generateKey(
      {
        name: 'RSA-PSS',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      false,
      ['sign', 'verify'],
    )) as CryptoKeyPair
    const ed = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair
    for (const [pair, alg] of [
      [pss, 'PS256'],
      [ed, 'EdDSA'],
    ] as const) {
      const proof = await new DPoPProver(pair).proof('GET', new URL('https://api.example.com/'))
      expect((await jwtVerify(proof, EmbeddedJWK)).protectedHeader.alg).toBe(alg)
    }
  })
})

describe('asksForNonce', () => {
  const cases: [string, number, Record<string, string>, boolean][] = [
    [
      'a DPoP use_dpop_nonce challenge with a nonce',
      401,
      { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': 'n' },
      true,
    ],
    [
      'the DPoP challenge after a Bearer one',
      401,
      {
        'www-authenticate': 'Bearer realm="a", DPoP algs="ES256", error="use_dpop_nonce"',
        'dpop-nonce': 'n',
      },
      true,
    ],
    [
      'use_dpop_nonce on a Bearer challenge, beside a DPoP one that does not ask',
      401,
      { 'www-authenticate': 'Bearer error="use_dpop_nonce", DPoP algs="ES256"', 'dpop-nonce': 'n' },
      false,
    ],
    [
      'a DPoP challenge whose error only mentions the nonce',
      401,
      { 'www-authenticate': 'DPoP error="not_use_dpop_nonce"', 'dpop-nonce': 'n' },
      false,
    ],
    ['no nonce to retry with', 401, { 'www-authenticate': 'DPoP error="use_dpop_nonce"' }, false],
    [
      'a Bearer challenge',
      401,
      { 'www-authenticate': 'Bearer error="use_dpop_nonce"', 'dpop-nonce': 'n' },
      false,
    ],
    [
      'invalid_token',
      401,
      { 'www-authenticate': 'DPoP error="invalid_token"', 'dpop-nonce': 'n' },
      false,
    ],
    ['a 400', 400, { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': 'n' }, false],
  ]
  for (const [what, status, headers, expected] of cases) {
    it(`${what}: ${expected}`, () => {
      expect(asksForNonce(response(status, headers))).toBe(expected)
    })
  }
})

describe('the DPoP flow, driven by hand', () => {
  function setup() {
    let issued = 0
    const grants: string[] = []
    const engine = new TokenEngine({
      strategy: 'test',
      source: {
        acquire: async (): Promise<TokenGrant> => {
          const accessToken = `access-token-${++issued}`
          grants.push(accessToken)
          return { accessToken, tokenType: 'DPoP', expiresIn: 300 }
        },
      },
      store: new MemoryTokenStore<StoredToken>(),
      key: 'k',
      refreshWindow: 60,
      kind: tokenKind(3600),
      timeout: 1000,
    })
    const prover = new DPoPProver(true)
    return { flow: dpopFlow(engine, prover), grants, ctx: context() }
  }
  const nonceChallenge = (nonce: string) =>
    response(401, { 'www-authenticate': 'DPoP error="use_dpop_nonce"', 'dpop-nonce': nonce })

  it('use_dpop_nonce: one retry, with the nonce and a new proof, and the same token', async () => {
    const { flow, ctx, grants } = setup()
    const sent = await drain(flow(request(), ctx), [nonceChallenge('n-1'), response(200)])
    expect(sent).toHaveLength(2)
    const [first, second] = sent.map((one) => decodeJwt(one.headers.get('dpop') ?? ''))
    expect(first?.nonce).toBeUndefined()
    expect(second?.nonce).toBe('n-1')
    expect(second?.jti).not.toBe(first?.jti)
    expect(grants).toHaveLength(1)
  })

  it('a second use_dpop_nonce goes to the caller: never a loop', async () => {
    const { flow, ctx } = setup()
    const sent = await drain(flow(request(), ctx), [
      nonceChallenge('n-1'),
      nonceChallenge('n-2'),
      response(200),
    ])
    expect(sent).toHaveLength(2)
  })

  it('invalid_token: one new token, presented with a proof of its own', async () => {
    const { flow, ctx, grants } = setup()
    const refused = response(401, { 'www-authenticate': 'DPoP error="invalid_token"' })
    const sent = await drain(flow(request(), ctx), [refused, response(200)])
    expect(sent.map((one) => one.headers.get('authorization'))).toEqual([
      'DPoP access-token-1',
      'DPoP access-token-2',
    ])
    expect(decodeJwt(sent[1]?.headers.get('dpop') ?? '').ath).toBe(await sha256('access-token-2'))
    expect(grants).toHaveLength(2)
    expect((ctx.events as AuthEvent[]).map((event) => event.type)).toEqual([
      'acquired',
      'refreshed',
    ])
  })

  it('a nonce learnt from a 200 is in the next request’s proof', async () => {
    const { flow, ctx } = setup()
    await drain(flow(request(), ctx), [response(200, { 'dpop-nonce': 'announced' })])
    const [next] = await drain(flow(request(), ctx))
    expect(decodeJwt(next?.headers.get('dpop') ?? '').nonce).toBe('announced')
  })
})
