import { describe, expect, it } from 'vitest'
import { AuthError, isAuthError, TOKEN_ENDPOINT_ERROR } from '../src/index.js'

describe('AuthError', () => {
  it('carries a code, a cause and a non-enumerable response', () => {
    const cause = new Error('socket hang up')
    const error = new AuthError(TOKEN_ENDPOINT_ERROR, 'Token endpoint answered 400', {
      cause,
      oauthError: 'invalid_grant',
      response: { status: 400, headers: new Headers({ 'x-trace': '1' }) },
    })
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('AuthError')
    expect(error.code).toBe(TOKEN_ENDPOINT_ERROR)
    expect(error.cause).toBe(cause)
    expect(error.status).toBe(400)
    expect(error.oauthError).toBe('invalid_grant')
    expect(error.response?.status).toBe(400)
    expect(Object.keys(error)).not.toContain('response')
  })

  it('is recognised across copies of the package by its brand', () => {
    const foreign = Object.defineProperty(new Error('x'), Symbol.for('latchkey.error'), {
      value: true,
    })
    expect(isAuthError(foreign)).toBe(true)
    expect(isAuthError(new Error('x'))).toBe(false)
    expect(isAuthError(null)).toBe(false)
  })
})
