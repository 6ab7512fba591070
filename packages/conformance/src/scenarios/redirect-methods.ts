import { bearer } from '@latchkey/core'
import { expect } from '../expect.js'
import { SENTINEL } from '../sentinels.js'
import { onlyHop, type Suite } from '../suite.js'

/**
 * One rule for the method after a redirect, the Fetch standard's (as browsers do): a 301 or
 * 302 answering a POST, and a 303 answering anything but GET or HEAD, continue as a GET
 * without the body or its headers; 307 and 308 resend method and body.
 */
export function redirectMethodScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('the method after a redirect (Fetch standard)', () => {
    for (const status of [301, 302, 303]) {
      it(`${status} after a POST continues as a GET without the body`, async () => {
        const kit = suite.kit()
        const to = encodeURIComponent(`/echo/after-${status}`)
        await suite.client(bearer(SENTINEL.token)).request({
          method: 'POST',
          url: `${kit.http}/redirect?status=${status}&to=${to}`,
          body: { kind: 'json', value: { payload: 'sent once' } },
        })
        expect(onlyHop(kit, '/redirect').method).toBe('POST')
        const hop = onlyHop(kit, `/echo/after-${status}`)
        expect(hop.method).toBe('GET')
        expect(hop.body.length).toBe(0)
        expect(hop.headers['content-type']).toBeUndefined()
        expect(hop.headers['content-length'] ?? '0').toBe('0')
        expect(hop.headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
      })
    }

    for (const status of [307, 308]) {
      it(`${status} after a POST resends the POST and its body`, async () => {
        const kit = suite.kit()
        const to = encodeURIComponent(`/echo/after-${status}`)
        await suite.client(bearer(SENTINEL.token)).request({
          method: 'POST',
          url: `${kit.http}/redirect?status=${status}&to=${to}`,
          body: { kind: 'json', value: { payload: 'sent twice' } },
        })
        const hop = onlyHop(kit, `/echo/after-${status}`)
        expect(hop.method).toBe('POST')
        expect(hop.body.toString('utf8')).toBe('{"payload":"sent twice"}')
      })
    }

    it('301 after a PUT keeps the PUT and its body', async () => {
      const kit = suite.kit()
      await suite.client(bearer(SENTINEL.token)).request({
        method: 'PUT',
        url: `${kit.http}/redirect?status=301&to=${encodeURIComponent('/echo/after-put')}`,
        body: { kind: 'text', value: 'kept' },
      })
      const hop = onlyHop(kit, '/echo/after-put')
      expect(hop.method).toBe('PUT')
      expect(hop.body.toString('utf8')).toBe('kept')
    })
  })
}
