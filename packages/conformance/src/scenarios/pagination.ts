import { apiKey, bearer, chain } from '@latchkey/core'
import { expect } from '../expect.js'
import { SENTINEL } from '../sentinels.js'
import { expectNoCredentials, onlyHop, type Suite } from '../suite.js'

function strategy() {
  return chain(apiKey({ query: 'api_key', value: SENTINEL.queryKey }), bearer(SENTINEL.token))
}

/**
 * A client's own pagination fetches each next page as a request of its own, from a
 * response: a page on another origin carries no credentials unless listed in `origins`.
 */
export function paginationScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe("the client's own pagination", () => {
    /** Page 1 at `first` links to page 2 at `second`; each page is a JSON array. */
    const twoPages = (first: string, second: string) => {
      const kit = suite.kit()
      kit.handle('/pages/1', (_hop, _url, response) => {
        response
          .writeHead(200, {
            'content-type': 'application/json',
            link: `<${second}/pages/2>; rel="next"`,
          })
          .end('[1]')
      })
      kit.handle('/pages/2', (_hop, _url, response) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end('[2]')
      })
      return `${first}/pages/1`
    }

    it('a next page on another origin gets no credentials', async ({ skip }) => {
      const kit = suite.kit()
      const client = suite.client(strategy())
      if (client.paginate === undefined) return skip('the client has no pagination')
      expect(await client.paginate(twoPages(kit.http, kit.other))).toEqual([1, 2])
      expect(onlyHop(kit, '/pages/1').headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
      expectNoCredentials(onlyHop(kit, '/pages/2'))
    })

    it('a next page on the same origin keeps them', async ({ skip }) => {
      const kit = suite.kit()
      const client = suite.client(strategy())
      if (client.paginate === undefined) return skip('the client has no pagination')
      expect(await client.paginate(twoPages(kit.http, kit.http))).toEqual([1, 2])
      const second = onlyHop(kit, '/pages/2')
      expect(second.headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
      expect(second.query.get('api_key')).toBe(SENTINEL.queryKey)
    })

    it('a next page on another origin listed in origins gets them', async ({ skip }) => {
      const kit = suite.kit()
      const client = suite.client(strategy(), { auth: { origins: [kit.http, kit.other] } })
      if (client.paginate === undefined) return skip('the client has no pagination')
      expect(await client.paginate(twoPages(kit.http, kit.other))).toEqual([1, 2])
      expect(onlyHop(kit, '/pages/2').headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
    })

    it('a new paginate() call starts a new chain at its own origin', async ({ skip }) => {
      const kit = suite.kit()
      const client = suite.client(strategy())
      if (client.paginate === undefined) return skip('the client has no pagination')
      await client.paginate(twoPages(kit.http, kit.http))
      kit.reset()
      expect(await client.paginate(twoPages(kit.other, kit.other))).toEqual([1, 2])
      expect(onlyHop(kit, '/pages/2').headers.authorization).toBe(`Bearer ${SENTINEL.token}`)
    })
  })
}
