import { basic } from '@latchkey/core'
import { rejection } from '@latchkey/core/testing'
import { expect } from '../expect.js'
import { findLeaks } from '../leaks.js'
import { SENTINEL, sentinelForms } from '../sentinels.js'
import type { Suite } from '../suite.js'

/**
 * Issue 10, points 7 and 8: a server that echoes what it received (the Basic password, the
 * user-id:password pair) and every spelling of a credential on the wire are scrubbed.
 */
export function echoedCredentialScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('echoed credentials', () => {
    it('a 401 echoing the Basic password and the user-id:password pair leaks neither', async ({
      skip,
    }) => {
      if (suite.adapter.supports?.httpErrors === false) skip('this client resolves on HTTP errors')
      const kit = suite.kit()
      kit.handle('/echo-basic', (hop, _url, response) => {
        const encoded = (hop.headers.authorization ?? '').replace(/^Basic /, '')
        const pair = Buffer.from(encoded, 'base64').toString('utf8')
        const password = pair.slice(pair.indexOf(':') + 1)
        response.writeHead(401, {
          'content-type': 'text/plain; charset=utf-8',
          'x-echo-password': encodeURIComponent(password),
          'x-echo-pair': encodeURIComponent(pair),
        })
        response.end(`wrong password ${password} (you sent ${pair})`)
      })
      const client = suite.client(
        basic({ username: SENTINEL.username, password: SENTINEL.password }),
        { throwHttpErrors: true },
      )
      const error = await rejection(client.request({ url: `${kit.http}/echo-basic` }))
      expect(error, 'the client should throw its HTTP error').toBeDefined()
      const pair = `${SENTINEL.username}:${SENTINEL.password}`
      expect(findLeaks(error, [...sentinelForms(), pair, encodeURIComponent(pair)])).toEqual([])
    })
  })
}
