import { describe, expect, it } from 'vitest'
import { INVALID_TOKEN_RESPONSE } from '../src/index.js'
import { parseTokenResponse, rejectsToken } from '../src/strategy.js'
import { response } from './helpers.js'

describe('parseTokenResponse', () => {
  it('accepts token types case-insensitively and normalises them', () => {
    expect(parseTokenResponse({ access_token: 'a', token_type: 'bearer' }).tokenType).toBe('Bearer')
    expect(parseTokenResponse({ access_token: 'a', token_type: 'BEARER' }).tokenType).toBe('Bearer')
    expect(
      parseTokenResponse({ access_token: 'a', token_type: 'dpop' }, ['Bearer', 'DPoP']).tokenType,
    ).toBe('DPoP')
  })

  it('reads expires_in as a number or a numeric string, and allows it absent', () => {
    expect(
      parseTokenResponse({ access_token: 'a', token_type: 'Bearer', expires_in: 60 }).expiresIn,
    ).toBe(60)
    expect(
      parseTokenResponse({ access_token: 'a', token_type: 'Bearer', expires_in: '3600' }).expiresIn,
    ).toBe(3600)
    expect(
      parseTokenResponse({ access_token: 'a', token_type: 'Bearer' }).expiresIn,
    ).toBeUndefined()
  })

  const invalid: [string, unknown][] = [
    ['not an object', 'access_token=a'],
    ['an array', [{ access_token: 'a' }]],
    ['null', null],
    ['missing access_token', { token_type: 'Bearer' }],
    ['empty access_token', { access_token: '', token_type: 'Bearer' }],
    ['numeric access_token', { access_token: 42, token_type: 'Bearer' }],
    [
      'access_token with a line break',
      { access_token: 'abc\nX-Injected: 1', token_type: 'Bearer' },
    ],
    ['access_token with a space', { access_token: 'two words', token_type: 'Bearer' }],
    ['missing token_type', { access_token: 'a' }],
    ['unknown token_type', { access_token: 'a', token_type: 'mac' }],
    ['DPoP where only Bearer works', { access_token: 'a', token_type: 'DPoP' }],
    ['negative expires_in', { access_token: 'a', token_type: 'Bearer', expires_in: -1 }],
    ['NaN expires_in', { access_token: 'a', token_type: 'Bearer', expires_in: Number.NaN }],
    ['non-numeric expires_in', { access_token: 'a', token_type: 'Bearer', expires_in: 'soon' }],
    ['object expires_in', { access_token: 'a', token_type: 'Bearer', expires_in: {} }],
    ['empty refresh_token', { access_token: 'a', token_type: 'Bearer', refresh_token: '' }],
  ]
  for (const [name, body] of invalid) {
    it(`rejects ${name} with INVALID_TOKEN_RESPONSE`, () => {
      expect(() => parseTokenResponse(body)).toThrow(
        expect.objectContaining({ code: INVALID_TOKEN_RESPONSE }),
      )
    })
  }

  it('never echoes a secret-looking value in its message', () => {
    try {
      parseTokenResponse({
        access_token: 'sentinel-secret-token',
        token_type: 'sentinel secret type',
      })
    } catch (error) {
      expect(String(error)).not.toContain('sentinel')
    }
  })
})

describe('rejectsToken', () => {
  it('is true for a bare 401 and for invalid_token', () => {
    expect(rejectsToken(response(401))).toBe(true)
    expect(
      rejectsToken(
        response(401, { 'www-authenticate': 'Bearer realm="x", error="invalid_token"' }),
      ),
    ).toBe(true)
    expect(rejectsToken(response(401, { 'www-authenticate': 'Bearer error=invalid_token' }))).toBe(
      true,
    )
    expect(rejectsToken(response(401, { 'www-authenticate': 'Bearer realm="api"' }))).toBe(true)
  })

  it('is false for other errors, 403 and success', () => {
    expect(
      rejectsToken(response(401, { 'www-authenticate': 'Bearer error="invalid_request"' })),
    ).toBe(false)
    expect(
      rejectsToken(response(403, { 'www-authenticate': 'Bearer error="insufficient_scope"' })),
    ).toBe(false)
    expect(rejectsToken(response(403))).toBe(false)
    expect(rejectsToken(response(200))).toBe(false)
  })
})
