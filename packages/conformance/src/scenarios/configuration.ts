import { apiKey, basic, bearer, INVALID_CONFIG, route } from '@latchkey/core'
import { thrown } from '@latchkey/core/testing'
import { expect } from '../expect.js'
import type { Suite } from '../suite.js'

function invalid(build: () => unknown): void {
  expect(thrown(build)).toMatchObject({ name: 'AuthError', code: INVALID_CONFIG })
}

/** Scenario 2: invalid configuration fails at construction, before any request. */
export function configurationScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('invalid configuration throws INVALID_CONFIG at construction', () => {
    it('for strategies', () => {
      invalid(() => basic({ username: 'has:colon', password: 'x' }))
      invalid(() => basic({ username: 'user', password: 'line\nbreak' }))
      invalid(() => bearer(''))
      invalid(() => apiKey({ header: 'not a header', value: 'x' }))
      invalid(() => route({ 'https://example.com/path': bearer('abcdef') }))
    })

    it('for withAuth itself', () => {
      invalid(() => suite.client('not a strategy' as never))
      invalid(() => suite.client(bearer('abcdef'), { auth: { origins: ['not an origin'] } }))
      expect(suite.kit().log.all()).toHaveLength(0)
    })
  })
}
