import { awsSigV4 } from '@latchkey/aws'
import { apiKey, basic, chain } from '@latchkey/core'
import { describe, expect, it } from 'vitest'
import { findLeaks } from '../leaks.js'
import { SENTINEL, sentinelForms } from '../sentinels.js'
import type { Suite } from '../suite.js'

/** A query key with every character RFC 3986's strict encoding escapes and encodeURIComponent does not. */
const RESERVED_QUERY_KEY = "sentinel-q'key*(x)!-9d0e"
const strict = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )

function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  )
}

/**
 * Issue 10, points 7 and 8: a server that echoes what it received (the Basic password, the
 * user-id:password pair) and every spelling of a credential on the wire are scrubbed.
 */
export function echoedCredentialScenarios(suite: Suite): void {
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

    it("a query key re-encoded by SigV4's canonical query ('*()!) is scrubbed in that form", async ({
      skip,
    }) => {
      if (suite.adapter.supports?.httpErrors === false) skip('this client resolves on HTTP errors')
      const kit = suite.kit()
      const strategy = chain(
        apiKey({ query: 'api_key', value: RESERVED_QUERY_KEY }),
        awsSigV4({
          region: 'eu-west-1',
          service: 'execute-api',
          credentials: { accessKeyId: 'AKIDCONFORMANCE', secretAccessKey: SENTINEL.awsSecretKey },
        }),
      )
      const client = suite.client(strategy, { throwHttpErrors: true })
      const error = await rejection(client.request({ url: `${kit.http}/status/500?x=1` }))
      expect(error, 'the client should throw its HTTP error').toBeDefined()
      const hop = kit.log.at('/status/500')[0]
      expect(hop?.target, 'the key went out in the strict form').toContain(
        strict(RESERVED_QUERY_KEY),
      )
      const forms = [
        RESERVED_QUERY_KEY,
        strict(RESERVED_QUERY_KEY),
        encodeURIComponent(RESERVED_QUERY_KEY),
      ]
      expect(findLeaks(error, [...sentinelForms(), ...forms])).toEqual([])
    })
  })
}
