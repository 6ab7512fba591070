import { type AuthError, bearer, isAuthError, mtls, UNSUPPORTED } from '@latchkey/core'
import { thrown as caught } from '@latchkey/core/testing'
import axios from 'axios'
import { describe, expect, it } from 'vitest'
import { withAuth } from '../src/index.js'
import { certificateAgentsFor as inBrowser } from '../src/tls/web.js'

const certificate = mtls({ cert: '/etc/tls/client.crt', key: '/etc/tls/client.key' })

const thrown = (run: () => unknown) => caught(run) as AuthError

describe('client certificates through axios', () => {
  it("fail at setup on an instance using axios's fetch adapter, which takes no https.Agent", () => {
    const error = thrown(() => withAuth(axios.create({ adapter: 'fetch' }), certificate))
    expect(error.code).toBe(UNSUPPORTED)
    expect(error.message).toMatch(/adapter: 'http'/)
    // Other strategies do not care which adapter sends.
    expect(withAuth(axios.create({ adapter: 'fetch' }), bearer('t0ken-1'))).toBeDefined()
  })

  it('fail before sending when one request switches to the fetch adapter', async () => {
    const api = withAuth(axios.create(), certificate)
    // Port 1 on loopback: nothing is ever sent, so nothing needs to listen.
    const error = await api
      .get('https://127.0.0.1:1/', { adapter: 'fetch' })
      .catch((caught: unknown) => caught)
    expect(isAuthError(error), String(error)).toBe(true)
    expect((error as AuthError).code).toBe(UNSUPPORTED)
  })

  it('fail at setup in a browser', () => {
    const adapter = axios.getAdapter('http')
    expect(thrown(() => inBrowser(certificate, adapter, axios)).code).toBe(UNSUPPORTED)
    expect(inBrowser(bearer('t0ken-1'), adapter, axios)).toBeUndefined()
  })
})
