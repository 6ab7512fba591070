import { describe, expect, it } from 'vitest'
import { oauthErrorCode, UNREGISTERED_ERROR } from '../src/tokens/oauth-error.js'

const noSecrets = () => false

describe('oauthErrorCode', () => {
  it('passes registered codes as they are', () => {
    for (const code of [
      'invalid_grant',
      'invalid_client',
      'slow_down',
      'use_dpop_nonce',
      'invalid_target',
    ])
      expect(oauthErrorCode(code, noSecrets)).toBe(code)
  })

  it('passes well-formed extension codes that hold no secret', () => {
    expect(oauthErrorCode('consent_required', noSecrets)).toBe('consent_required')
  })

  it('replaces a code that contains a registered secret, even a well-formed one', () => {
    const secret = 'sentinel_refresh_b41d'
    expect(oauthErrorCode(secret, (text) => text.includes(secret))).toBe(UNREGISTERED_ERROR)
  })

  it('replaces anything not shaped like a code', () => {
    for (const value of ['Bad Request', 'sentinel-token-8d2b', 'a'.repeat(41), 'x\n', 'INVALID'])
      expect(oauthErrorCode(value, noSecrets)).toBe(UNREGISTERED_ERROR)
  })

  it('gives nothing for no value', () => {
    expect(oauthErrorCode(undefined, noSecrets)).toBeUndefined()
    expect(oauthErrorCode(42, noSecrets)).toBeUndefined()
    expect(oauthErrorCode('', noSecrets)).toBeUndefined()
  })
})
