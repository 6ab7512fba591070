import { SENTINEL } from '@latchkey/conformance'
import { isAuthError } from '@latchkey/core'
import { describe, expect, it } from 'vitest'
import { oidc } from '../src/index.js'

const issuer = 'https://login.example.com/realms/main'
const base = { issuer, clientId: 'svc', clientSecret: SENTINEL.clientSecret }

function invalid(build: () => unknown): string {
  try {
    build()
  } catch (error) {
    expect(isAuthError(error), String(error)).toBe(true)
    expect(error).toMatchObject({ code: 'INVALID_CONFIG' })
    const message = (error as Error).message
    expect(message).not.toContain(SENTINEL.clientSecret)
    return message
  }
  throw new Error('expected INVALID_CONFIG, nothing was thrown')
}

async function keyPair(
  algorithm: EcKeyGenParams | RsaHashedKeyGenParams | AlgorithmIdentifier,
  extractable = true,
) {
  const pair = (await crypto.subtle.generateKey(algorithm, extractable, [
    'sign',
    'verify',
  ])) as CryptoKeyPair
  return pair
}

describe('validating factories: INVALID_CONFIG when built, never on the first request', () => {
  const cases: [string, unknown][] = [
    ['no options', undefined],
    ['no issuer', { clientId: 'svc' }],
    ['an issuer that is not a URL', { ...base, issuer: 'login.example.com' }],
    ['an issuer that is not http(s)', { ...base, issuer: 'ftp://login.example.com' }],
    ['an issuer with a query', { ...base, issuer: `${issuer}?tenant=a` }],
    ['an issuer with a fragment', { ...base, issuer: `${issuer}#x` }],
    ['an issuer with userinfo', { ...base, issuer: 'https://user:pw@login.example.com' }],
    ['no clientId', { issuer }],
    ['an empty clientSecret', { ...base, clientSecret: '' }],
    ['both clientSecret and privateKey', { ...base, privateKey: { kty: 'EC', d: 'x' } }],
    [
      'client_secret_post without a secret',
      { issuer, clientId: 'svc', clientAuth: 'client_secret_post' },
    ],
    [
      'private_key_jwt without a key',
      { ...base, clientSecret: undefined, clientAuth: 'private_key_jwt' },
    ],
    ['none with a secret', { ...base, clientAuth: 'none' }],
    ['an unknown clientAuth', { ...base, clientAuth: 'tls_client_auth' }],
    [
      'a privateKey string that is no PKCS#8 PEM',
      { issuer, clientId: 'svc', privateKey: SENTINEL.clientSecret },
    ],
    [
      'a public JWK as privateKey',
      { issuer, clientId: 'svc', privateKey: { kty: 'EC', crv: 'P-256', x: 'a', y: 'b' } },
    ],
    ['dpop that is not a key pair', { ...base, dpop: 'yes' }],
    ['dpop with apply', { ...base, dpop: true, apply: { header: 'X-Token' } }],
    ['a resource that is not an absolute URI', { ...base, resource: 'api' }],
    ['a resource with a fragment', { ...base, resource: 'https://api.example.com/#x' }],
    ['a scope that is not a string', { ...base, scope: ['read'] }],
    ['a negative timeout', { ...base, timeout: -1 }],
    ['an apply placement that is not an object', { ...base, apply: 'header' }],
  ]
  for (const [what, options] of cases) {
    it(`clientCredentials: ${what}`, () => {
      invalid(() => oidc.clientCredentials(options as never))
    })
  }

  it('a public CryptoKey as privateKey, and DPoP keys that cannot sign or cannot be shown', async () => {
    const ec = await keyPair({ name: 'ECDSA', namedCurve: 'P-256' })
    invalid(() => oidc.clientCredentials({ issuer, clientId: 'svc', privateKey: ec.publicKey }))
    const hidden = await keyPair({ name: 'ECDSA', namedCurve: 'P-256' }, false)
    expect(hidden.publicKey.extractable).toBe(true) // WebCrypto always exports public keys...
    const sealed = { ...hidden, publicKey: await sealedPublicKey(hidden.publicKey) }
    expect(invalid(() => oidc.clientCredentials({ ...base, dpop: sealed }))).toMatch(/extractable/)
    const ecdh = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
      'deriveBits',
    ])) as CryptoKeyPair
    expect(invalid(() => oidc.clientCredentials({ ...base, dpop: ecdh }))).toMatch(/signing/)
  })

  it('refreshToken needs a refresh token; deviceCode a callback; tokenExchange a subject token', () => {
    invalid(() => oidc.refreshToken({ ...base, refreshToken: '' }))
    invalid(() => oidc.deviceCode({ issuer, clientId: 'cli' } as never))
    invalid(() =>
      oidc.deviceCode({ issuer, clientId: 'cli', onUserCode: () => {}, signal: 'stop' as never }),
    )
    invalid(() => oidc.tokenExchange({ ...base } as never))
    invalid(() => oidc.tokenExchange({ ...base, subjectToken: '' }))
    invalid(() => oidc.tokenExchange({ ...base, subjectToken: 42 as never }))
    invalid(() => oidc.tokenExchange({ ...base, subjectToken: 'tok', audience: '' }))
  })

  it('valid strategies are frozen and declare where their secrets go', () => {
    const bearer = oidc.clientCredentials(base)
    expect(Object.isFrozen(bearer)).toBe(true)
    expect(bearer.secrets).toEqual({ headers: ['authorization'], query: [] })
    expect(oidc.clientCredentials({ ...base, dpop: true }).secrets).toEqual({
      headers: ['authorization', 'dpop'],
      query: [],
    })
    expect(
      oidc.clientCredentials({ ...base, apply: { header: 'X-Token' } }).secrets.headers,
    ).toEqual(['x-token'])
    expect(oidc.deviceCode({ issuer, clientId: 'cli', onUserCode: () => {} }).name).toBe(
      'oidc.deviceCode',
    )
    expect(oidc.tokenExchange({ ...base, subjectToken: () => 'incoming' }).name).toBe(
      'oidc.tokenExchange',
    )
    expect(oidc.refreshToken({ ...base, refreshToken: SENTINEL.refreshToken }).name).toBe(
      'oidc.refreshToken',
    )
  })
})

/** A public key WebCrypto refuses to export: what `dpop` must reject. */
async function sealedPublicKey(key: CryptoKey): Promise<CryptoKey> {
  const raw = await crypto.subtle.exportKey('spki', key)
  return crypto.subtle.importKey('spki', raw, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'verify',
  ])
}
