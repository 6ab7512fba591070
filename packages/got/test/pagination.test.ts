import { bearer } from '@latchkey/core'
import { recordEvents } from '@latchkey/core/testing'
import { type LoopbackServer, startLoopbackServer } from '@latchkey/core/testing/node'
import got, { type PaginationOptions } from 'got'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { withAuth } from '../src/index.js'

// The conformance suite covers Link-header pagination; these are got's other ways to page.
describe('got pagination beyond the Link header', () => {
  const seen: [string, string | undefined][] = []
  const servers: LoopbackServer[] = []
  let home = ''
  let away = ''
  const listen = async (next: () => string) => {
    const server = await startLoopbackServer((request, response) => {
      seen.push([request.url ?? '', request.headers.authorization])
      const last = request.url?.endsWith('/last')
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ items: [request.url], next: last ? null : next() }))
    })
    servers.push(server)
    return server.origin
  }
  beforeAll(async () => {
    home = await listen(() => `${away}/last`)
    away = await listen(() => `${away}/last`)
  })
  afterAll(() => Promise.all(servers.map((server) => server.close())))
  beforeEach(() => {
    seen.length = 0
  })

  /** The next page's URL from the body, as many APIs do. */
  const fromBody: PaginationOptions<unknown, unknown> = {
    transform: (response) => [JSON.parse(String(response.body)).items[0]],
    paginate: ({ response }) => {
      const { next } = JSON.parse(String(response.body)) as { next: string | null }
      return next === null ? false : { url: new URL(next) }
    },
  }

  it("a per-call pagination.paginate to another origin gets no credentials, and a 'stripped' event", async () => {
    const { events, onEvent } = recordEvents()
    const api = withAuth(got, bearer('page-token-sentinel'), { onEvent })
    const items = await api.paginate.all(`${home}/first`, { pagination: fromBody })
    expect(items).toEqual(['/first', '/last'])
    expect(seen).toEqual([
      ['/first', 'Bearer page-token-sentinel'],
      ['/last', undefined],
    ])
    expect(events).toContainEqual({ type: 'stripped', from: home, to: away })
  })

  it('an instance extended from the authenticated one marks its pages too', async () => {
    const api = withAuth(got, bearer('page-token-sentinel')).extend({ pagination: fromBody })
    for await (const _item of api.paginate(`${home}/first`)) {
      // each
    }
    expect(seen.map(([, authorization]) => authorization)).toEqual([
      'Bearer page-token-sentinel',
      undefined,
    ])
  })
})
