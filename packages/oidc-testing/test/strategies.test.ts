import { findLeaks, SENTINEL } from '@latchkey/conformance'
import { oidc } from '@latchkey/oidc'
import { decodeJwt, decodeProtectedHeader, exportPKCS8, importJWK } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type OidcProvider, startOidcProvider } from '../src/index.js'
import { context, firstRequest, rejection } from './helpers.js'

let provider: OidcProvider
beforeAll(async () => {
  provider = await startOidcProvider({ clientSecret: SENTINEL.clientSecret })
})
afterAll(async () => {
  await provider.close()
})
beforeEach(() => {
  provider.reset()
})

const tokenHops = () => provider.hops.filter((hop) => hop.path === '/token')

describe('the raw transport', () => {
  it('discovery and token requests go through ctx.transport, never following redirects', async () => {
    const ctx = context()
    const strategy = oidc.clientCredentials({
      issuer: provider.issuer,
      ...provider.clients.post,
      clientAuth: 'client_secret_post',
    })
    await firstRequest(strategy, ctx)
    expect(ctx.sent.map((request) => new URL(request.url).pathname)).toEqual([
      '/.well-known/openid-configuration',
      '/token',
    ])
    expect(ctx.sent.every((request) => request.redirect === 'manual')).toBe(true)
    expect(ctx.registered).toContain(SENTINEL.clientSecret)
  })

  it('registers every credential it sends: the refresh tokens, old and rotated', async () => {
    const ctx = context()
    const initial = await provider.issueRefreshToken('cli')
    const strategy = oidc.refreshToken({
      issuer: provider.issuer,
      ...provider.clients.public,
      refreshToken: initial,
    })
    await firstRequest(strategy, ctx)
    const rotated = ctx.registered.filter((value) => value !== initial)
    expect(ctx.registered).toContain(initial)
    expect(rotated).toHaveLength(1)
  })
})

describe('errors and retries', () => {
  it('a failed discovery is tried again on the next request', async () => {
    const strategy = oidc.clientCredentials({ issuer: provider.issuer, ...provider.clients.basic })
    provider.settings.tokenEndpointDown = true
    expect(await rejection(firstRequest(strategy, context()))).toMatchObject({
      code: 'TOKEN_ENDPOINT_ERROR',
      status: 503,
    })
    provider.settings.tokenEndpointDown = false
    const sent = await firstRequest(strategy, context())
    expect(sent.headers.get('authorization')).toMatch(/^Bearer /)
    expect(provider.hops.filter((hop) => hop.path.includes('/.well-known/'))).toHaveLength(1)
  })
})

describe('private_key_jwt keys', () => {
  it('a PKCS#8 PEM with a key id, and a CryptoKey: assertions the provider accepts', async () => {
    const jwk = provider.clients.privateKeyJwt.privateKey
    const key = (await importJWK(jwk as Parameters<typeof importJWK>[0], 'ES256', {
      extractable: true,
    })) as CryptoKey
    const pem = await exportPKCS8(key)
    for (const privateKey of [pem, key]) {
      provider.reset()
      const strategy = oidc.clientCredentials({
        issuer: provider.issuer,
        clientId: 'service-jwt',
        privateKey,
        keyId: jwk.kid ?? '',
      })
      const sent = await firstRequest(strategy, context())
      expect(sent.headers.get('authorization')).toMatch(/^Bearer /)
      const assertion = tokenHops()[0]?.params.get('client_assertion') ?? ''
      expect(decodeProtectedHeader(assertion)).toMatchObject({
        alg: 'ES256',
        kid: 'service-jwt-key',
      })
      expect(decodeJwt(assertion).iss).toBe('service-jwt')
    }
  })

  it('a JWK names its own key id', async () => {
    const strategy = oidc.clientCredentials({
      issuer: provider.issuer,
      ...provider.clients.privateKeyJwt,
    })
    await firstRequest(strategy, context())
    const assertion = tokenHops()[0]?.params.get('client_assertion') ?? ''
    expect(decodeProtectedHeader(assertion).kid).toBe('service-jwt-key')
  })

  it('a key that cannot be imported: INVALID_CONFIG on first use, nothing of the key in the message', async () => {
    const broken = `-----BEGIN PRIVATE KEY-----\n${SENTINEL.clientSecret}\n-----END PRIVATE KEY-----`
    const strategy = oidc.clientCredentials({
      issuer: provider.issuer,
      clientId: 'service-jwt',
      privateKey: broken,
    })
    const error = await rejection(firstRequest(strategy, context()))
    expect(error).toMatchObject({ code: 'INVALID_CONFIG' })
    expect(findLeaks(error, [SENTINEL.clientSecret])).toEqual([])
    expect(tokenHops()).toHaveLength(0)
  })
})

describe('device flow (RFC 8628)', () => {
  const device = (extra: Partial<Parameters<typeof oidc.deviceCode>[0]> = {}) =>
    oidc.deviceCode({
      issuer: provider.issuer,
      ...provider.clients.public,
      scope: 'openid offline_access read',
      onUserCode: ({ userCode }) => provider.approve(userCode),
      ...extra,
    })

  it('slow_down: the next poll waits 5 s longer (the provider refuses earlier polls)', async () => {
    provider.settings.slowDownFirstPoll = true
    const sent = await firstRequest(device(), context())
    expect(sent.headers.get('authorization')).toMatch(/^Bearer /)
    // A poll before the longer interval would have been answered slow_down again.
    expect(tokenHops()).toHaveLength(2)
  }, 20_000)

  it('the device code is registered as a secret; the callback sees the complete verification URI', async () => {
    const ctx = context()
    const seen: string[] = []
    await firstRequest(
      device({
        onUserCode: async ({ userCode, verificationUriComplete, expiresIn }) => {
          seen.push(verificationUriComplete ?? '', String(expiresIn))
          await provider.approve(userCode)
        },
      }),
      ctx,
    )
    const deviceCode = tokenHops()[0]?.params.get('device_code')
    expect(deviceCode).toBeTruthy()
    expect(ctx.registered).toContain(deviceCode)
    expect(seen[0]).toMatch(/\/device\?user_code=/)
    expect(Number(seen[1])).toBeGreaterThan(0)
  })

  it('a callback that throws: its own error reaches the caller, and no poll is made', async () => {
    class PromptFailed extends Error {}
    const strategy = device({
      onUserCode: () => {
        throw new PromptFailed('no terminal')
      },
    })
    const error = await rejection(firstRequest(strategy, context()))
    expect(error).toBeInstanceOf(PromptFailed)
    expect(tokenHops()).toHaveLength(0)
  })
})
