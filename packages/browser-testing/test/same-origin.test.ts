import { SENTINEL } from '@latchkey/conformance'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { startBrowserRun } from '../src/node/browser-run.js'
import { callPage } from '../src/node/kit-bridge.js'

/**
 * A page on the API's own origin (the kit's `http` origin serves it), sending an API key
 * header: a browser follows redirects on that origin with the header, and refuses one to
 * another origin before sending anything there.
 */
const run = await startBrowserRun(['same-origin'])
afterAll(() => run.close())
const servePage = () =>
  run.kit.handle('/page/', (_hop, url, response) => {
    const file = run.files[url.pathname.slice('/page'.length)]
    response.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' })
    response.end(file?.body ?? '')
  })
servePage()
const page = await run.open('same-origin', {}, `${run.kit.http}/page`)
beforeEach(() => {
  run.kit.reset()
  servePage()
})

const redirect = (to: string) => `${run.kit.http}/redirect?status=302&to=${encodeURIComponent(to)}`

for (const client of ['fetch', 'ky', 'axios xhr', 'axios fetch']) {
  describe(`${client}, page on the API's origin`, () => {
    it('follows a same-origin redirect with the API key', async () => {
      const result = await callPage(page, 'request', client, redirect('/echo/same'))
      expect(result).toEqual({ status: 200 })
      const [hop] = run.kit.log.at('/echo/same')
      expect(hop?.headers['x-api-key']).toBe(SENTINEL.apiKey)
    })

    it('refuses a redirect to another origin before sending anything there', async () => {
      const result = await callPage(page, 'request', client, redirect(`${run.kit.other}/echo/away`))
      expect(result).toHaveProperty('error')
      expect(run.kit.log.at('/redirect')).toHaveLength(1)
      expect(run.kit.log.at('/echo/away')).toEqual([])
    })
  })
}
