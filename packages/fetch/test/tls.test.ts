import {
  type AuthError,
  type AuthStrategy,
  bearer,
  chain,
  INVALID_CONFIG,
  mtls,
  UNSUPPORTED,
} from '@latchkey/core'
import { thrown as caught } from '@latchkey/core/testing'
import { describe, expect, it } from 'vitest'
import { withAuth } from '../src/index.js'
import { certificateDispatchers as inNode } from '../src/tls/node.js'
import { certificateDispatchers as inBrowser } from '../src/tls/web.js'

const certificate = mtls({ cert: '/etc/tls/client.crt', key: '/etc/tls/client.key' })

const thrown = (run: () => unknown) => caught(run) as AuthError

describe('client certificates through fetch', () => {
  it('fail at setup where fetch cannot present one (a browser), whatever wraps mtls()', () => {
    expect(thrown(() => inBrowser(certificate)).code).toBe(UNSUPPORTED)
    expect(thrown(() => inBrowser(chain(certificate, bearer('t0ken-1')))).code).toBe(UNSUPPORTED)
    expect(inBrowser(bearer('t0ken-1'))).toBeUndefined()
  })

  it('fail at setup in Node.js without undici, saying what to install', () => {
    const missing = () => {
      throw Object.assign(new Error("Cannot find module 'undici'"), { code: 'MODULE_NOT_FOUND' })
    }
    const error = thrown(() => inNode(certificate, missing))
    expect(error.code).toBe(UNSUPPORTED)
    expect(error.message).toMatch(/npm install undici/)
    // Strategies without a certificate never need undici.
    expect(inNode(bearer('t0ken-1'), missing)).toBeUndefined()
  })

  it('are set up in Node.js with undici installed', () => {
    expect(typeof withAuth(fetch, certificate)).toBe('function')
  })

  it('refuse a certificate from a strategy that did not declare one, before sending', async () => {
    const undeclared: AuthStrategy = {
      name: 'undeclared',
      secrets: { headers: [], query: [] },
      async *flow(request) {
        yield { ...request, tls: { cert: '/c.crt', key: '/c.key' } }
      },
    }
    // Port 1 on loopback: nothing is ever sent, so nothing needs to listen.
    const error = await withAuth(
      fetch,
      undeclared,
    )('https://127.0.0.1:1/').catch((caught: unknown) => caught)
    expect((error as AuthError).code).toBe(INVALID_CONFIG)
  })
})
