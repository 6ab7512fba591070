import { describe, expect, it } from 'vitest'
import { apiKey, basic, digest, tokenLogin } from '../src/index.js'
import { context, drain, request } from './helpers.js'

/** What a strategy registers beyond the header diff: values a server could echo back. */
describe('secrets registered by strategies', () => {
  it('basic registers the password and the user-id:password pair', async () => {
    const ctx = context()
    await drain(basic({ username: 'aladdin', password: 'open sesame' }).flow(request(), ctx))
    expect(ctx.registered).toEqual(expect.arrayContaining(['open sesame', 'aladdin:open sesame']))
  })

  it('digest registers the password it never sends', async () => {
    const ctx = context()
    await drain(digest({ username: 'admin', password: 'camera-password' }).flow(request(), ctx))
    expect(ctx.registered).toContain('camera-password')
  })
})

describe('apiKey header values', () => {
  it('must be visible ASCII, spaces inside allowed', () => {
    expect(() => apiKey({ header: 'X-Key', value: 'key with spaces' })).not.toThrow()
    for (const value of ['clé', '€', 'a\u2028b', ' padded', 'tab\t'])
      expect(() => apiKey({ header: 'X-Key', value }), JSON.stringify(value)).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIG' }),
      )
  })
})

describe('tokenLogin', () => {
  it("registers the login's Authorization header, and what the login registers itself", async () => {
    const ctx = context({ transport: async () => new Response('{}') })
    const strategy = tokenLogin({
      async login({ fetch, secret }) {
        secret('login-password-1234')
        await fetch('https://api.example.com/login', {
          headers: { authorization: 'Basic bG9naW46cGFzc3dvcmQ=' },
        })
        return { token: 'issued-token-1234' }
      },
    })
    await drain(strategy.flow(request(), ctx))
    expect(ctx.registered).toEqual(
      expect.arrayContaining(['login-password-1234', 'Basic bG9naW46cGFzc3dvcmQ=']),
    )
  })
})
