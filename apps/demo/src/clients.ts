import https from 'node:https'
import { withAuth as axiosAuth } from '@latchkey/axios'
import type { AuthStrategy } from '@latchkey/core'
import { withAuth as fetchAuth } from '@latchkey/fetch'
import { withAuth as gotAuth } from '@latchkey/got'
import { withAuth as kyAuth } from '@latchkey/ky'
import axios from 'axios'
import got from 'got'
import ky, { type Options } from 'ky'
import { Agent } from 'undici'

/** What the demo asks of every client: a GET, optionally opted out, answered with a status. */
export interface DemoClient {
  get(url: string, options?: { optOut?: boolean }): Promise<number>
}

export interface Adapter {
  readonly name: string
  /** `ca`: the PEM CA the demo's https origins are signed by, trusted the client's usual way. */
  create(strategy: AuthStrategy, ca: string): DemoClient
}

/** Each client the way its users write it, with one line of Latchkey. */
export const adapters: readonly Adapter[] = [
  {
    name: 'fetch',
    create(strategy, ca) {
      const api = fetchAuth(fetch, strategy)
      const dispatcher = new Agent({ connect: { ca } })
      return {
        get: async (url, { optOut } = {}) =>
          (await api(url, { dispatcher, ...(optOut && { latchkey: false }) } as RequestInit))
            .status,
      }
    },
  },
  {
    name: 'ky',
    create(strategy, ca) {
      const api = kyAuth(ky.create({ retry: 0 }), strategy)
      const dispatcher = new Agent({ connect: { ca } })
      return {
        get: async (url, { optOut } = {}) =>
          (await api.get(url, { dispatcher, ...(optOut && { latchkey: false }) } as Options))
            .status,
      }
    },
  },
  {
    name: 'axios',
    create(strategy, ca) {
      const api = axiosAuth(axios.create({ httpsAgent: new https.Agent({ ca }) }), strategy)
      return {
        get: async (url, { optOut } = {}) =>
          (await api.get(url, optOut ? { latchkey: false } : {})).status,
      }
    },
  },
  {
    name: 'got',
    create(strategy, ca) {
      const api = gotAuth(
        got.extend({ retry: { limit: 0 }, https: { certificateAuthority: ca } }),
        strategy,
      )
      return {
        get: async (url, { optOut } = {}) =>
          (await api.get(url, optOut ? { context: { latchkey: false } } : {})).statusCode,
      }
    },
  },
]
