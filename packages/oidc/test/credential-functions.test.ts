import { SENTINEL } from '@latchkey/conformance'
import { CREDENTIAL_UNAVAILABLE } from '@latchkey/core'
import { describe, expect, it } from 'vitest'
import { oidc } from '../src/index.js'
import { context, firstRequest } from './helpers.js'

const base = {
  issuer: 'https://login.example.com/realms/main',
  clientId: 'svc',
  clientSecret: SENTINEL.clientSecret,
}

describe('tokenExchange subjectToken as a function', () => {
  it('fails the request with CREDENTIAL_UNAVAILABLE when it throws, before anything is sent', async () => {
    const cause = new Error('no incoming request in scope')
    const strategy = oidc.tokenExchange({
      ...base,
      subjectToken: () => {
        throw cause
      },
    })
    const ctx = context()
    const error = await firstRequest(strategy, ctx).catch((thrown: unknown) => thrown)
    expect(error).toMatchObject({
      code: CREDENTIAL_UNAVAILABLE,
      message: 'oidc.tokenExchange: subjectToken() failed',
      cause,
    })
    expect(ctx.sent).toHaveLength(0)
  })

  it('fails with CREDENTIAL_UNAVAILABLE, the value never shown, when it returns no token', async () => {
    for (const junk of ['', 'two words', 42]) {
      const strategy = oidc.tokenExchange({ ...base, subjectToken: async () => junk as string })
      const ctx = context()
      const error = await firstRequest(strategy, ctx).catch((thrown: unknown) => thrown)
      expect(error).toMatchObject({ code: CREDENTIAL_UNAVAILABLE })
      expect((error as Error).message).not.toContain('two words')
      expect(ctx.sent).toHaveLength(0)
    }
  })
})
