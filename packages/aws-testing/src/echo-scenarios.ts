import { awsSigV4 } from '@latchkey/aws'
import { expect, findLeaks, SENTINEL, type Suite, sentinelForms } from '@latchkey/conformance'
import { apiKey, chain } from '@latchkey/core'
import { rejection } from '@latchkey/core/testing'

/** A query key with every character RFC 3986's strict encoding escapes and encodeURIComponent does not. */
const RESERVED_QUERY_KEY = "sentinel-q'key*(x)!-9d0e"
const strict = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )

/** Issue 10, point 8: every spelling of a credential on the wire is scrubbed, SigV4's too. */
export function sigv4EchoScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('echoed credentials', () => {
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
