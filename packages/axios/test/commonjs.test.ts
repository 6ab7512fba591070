import { createRequire } from 'node:module'
import { type AuthError, bearer, isAuthError, mtls, UNSUPPORTED } from '@latchkey/core'
import { type LoopbackServer, startLoopbackServer } from '@latchkey/core/testing/node'
import esmAxios from 'axios'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withAuth } from '../src/index.js'

// What a CommonJS app gets from require('axios'): axios's CommonJS build, a second copy of
// axios next to the ESM one this package imports.
const axios = createRequire(import.meta.url)('axios') as typeof esmAxios

let server: LoopbackServer | undefined
let origin: string

beforeAll(async () => {
  server = await startLoopbackServer((request, response) => {
    response.statusCode = request.url === '/missing' ? 404 : 200
    response.setHeader('content-type', 'application/json')
    response.end(JSON.stringify({ authorization: request.headers.authorization ?? null }))
  })
  origin = server.origin
})

afterAll(() => server?.close())

describe("an instance of axios's CommonJS build", () => {
  it('is a second copy of axios here', () => {
    expect(axios.AxiosError).not.toBe(esmAxios.AxiosError)
  })

  it('authenticates, and its errors are that copy’s AxiosError', async () => {
    const api = withAuth(axios.create({ baseURL: origin }), bearer('c0mmonjs-token'))
    const { data } = await api.get('/ok')
    expect(data).toEqual({ authorization: 'Bearer c0mmonjs-token' })
    const error = await api.get('/missing').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(axios.AxiosError)
    expect((error as InstanceType<typeof axios.AxiosError>).response?.status).toBe(404)
    expect(JSON.stringify((error as InstanceType<typeof axios.AxiosError>).config)).not.toMatch(
      /c0mmonjs-token/,
    )
  })

  it('network errors are that copy’s AxiosError too', async () => {
    // Port 1 on loopback: nothing listens there.
    const api = withAuth(axios.create(), bearer('c0mmonjs-token'))
    const error = await api.get('http://127.0.0.1:1/').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(axios.AxiosError)
  })

  it("refuses a client certificate on that copy's fetch adapter", () => {
    const certificate = mtls({ cert: '/etc/tls/client.crt', key: '/etc/tls/client.key' })
    let error: unknown
    try {
      withAuth(axios.create({ adapter: 'fetch' }), certificate)
    } catch (caught) {
      error = caught
    }
    expect(isAuthError(error), String(error)).toBe(true)
    expect((error as AuthError).code).toBe(UNSUPPORTED)
  })
})
