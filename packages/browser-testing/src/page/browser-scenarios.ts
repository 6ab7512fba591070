import { SENTINEL, type Suite } from '@latchkey/conformance'
import { type AuthEvent, digest } from '@latchkey/core'
import { describe, expect, it } from 'vitest'

/** What only a page shows: a challenge its CORS policy hides. */
export function browserScenarios(suite: Suite): void {
  describe('in a browser', () => {
    it('a challenge CORS hides gives a challenge-hidden event naming Access-Control-Expose-Headers', async () => {
      const kit = suite.kit()
      kit.handle('/hidden', (_hop, _url, response) => {
        response.writeHead(401, {
          'www-authenticate': 'Digest realm="hidden", nonce="abc", qop="auth", algorithm=SHA-256',
          // The server forgot WWW-Authenticate here: the page sees only Content-Type.
          'access-control-expose-headers': 'content-type',
          'content-length': 0,
        })
        response.end()
      })
      const events: AuthEvent[] = []
      const client = suite.client(
        digest({ username: SENTINEL.username, password: SENTINEL.password }),
        { auth: { onEvent: (event) => events.push(event) } },
      )
      const response = await client.request({ url: `${kit.http}/hidden/resource` })
      expect(response.status).toBe(401)
      expect(kit.log.at('/hidden')).toHaveLength(1)
      const hidden = events.find((event) => event.type === 'challenge-hidden')
      expect(hidden).toMatchObject({ strategy: 'digest', origin: kit.http, status: 401 })
      expect(hidden && 'message' in hidden && hidden.message).toContain(
        'Access-Control-Expose-Headers: WWW-Authenticate',
      )
    })
  })
}
