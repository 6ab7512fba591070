import { bearer, INSECURE_TRANSPORT, isAuthError } from '@latchkey/core'
import { type LoopbackServer, startLoopbackServer } from '@latchkey/core/testing/node'
import axios from 'axios'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { withAuth } from '../src/index.js'

// axios's http adapter honours HTTP_PROXY and NO_PROXY; Latchkey reads them the same way.
describe('axios and HTTP_PROXY', () => {
  let server: LoopbackServer | undefined
  let origin: string
  const seen: (string | undefined)[] = []
  beforeAll(async () => {
    server = await startLoopbackServer((request, response) => {
      seen.push(request.headers.authorization)
      response.end('ok')
    })
    origin = server.origin
  })
  afterAll(() => server?.close())
  afterEach(() => {
    delete process.env.HTTP_PROXY
    delete process.env.NO_PROXY
    seen.length = 0
  })

  it('refuses plain http through the proxy HTTP_PROXY names, before anything is sent', async () => {
    process.env.HTTP_PROXY = 'http://proxy.latchkey.invalid:3128'
    const api = withAuth(axios.create(), bearer('proxy-env-token-sentinel'))
    const error = await api.get(`${origin}/`).catch((thrown: unknown) => thrown)
    expect(isAuthError(error), String(error)).toBe(true)
    expect((error as { code: string }).code).toBe(INSECURE_TRANSPORT)
    expect(seen).toEqual([])
  })

  it('sends directly, with credentials, to a host NO_PROXY exempts', async () => {
    process.env.HTTP_PROXY = 'http://proxy.latchkey.invalid:3128'
    process.env.NO_PROXY = '127.0.0.1'
    const api = withAuth(axios.create(), bearer('proxy-env-token-sentinel'))
    const response = await api.get(`${origin}/`)
    expect(response.status).toBe(200)
    expect(seen).toEqual(['Bearer proxy-env-token-sentinel'])
  })

  it('proxy: false turns the environment off', async () => {
    process.env.HTTP_PROXY = 'http://proxy.latchkey.invalid:3128'
    const api = withAuth(axios.create({ proxy: false }), bearer('proxy-env-token-sentinel'))
    expect((await api.get(`${origin}/`)).status).toBe(200)
  })
})
