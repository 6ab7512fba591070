import { withAuth as axiosAuth } from '@latchkey/axios'
import type { AuthStrategy } from '@latchkey/core'
import { withAuth as fetchAuth } from '@latchkey/fetch'
import { withAuth as gotAuth } from '@latchkey/got'
import { withAuth as kyAuth } from '@latchkey/ky'
import axios from 'axios'
import got from 'got'
import ky from 'ky'

/** What the demo asks of every client: a GET, optionally opted out, answered with a status. */
export interface DemoClient {
  get(url: string, options?: { optOut?: boolean }): Promise<number>
}

export interface Adapter {
  readonly name: string
  create(strategy: AuthStrategy): DemoClient
}

/** Each client the way its users write it, with one line of Latchkey. */
export const adapters: readonly Adapter[] = [
  {
    name: 'fetch',
    create(strategy) {
      const api = fetchAuth(fetch, strategy)
      return {
        get: async (url, { optOut } = {}) =>
          (await api(url, optOut ? { latchkey: false } : {})).status,
      }
    },
  },
  {
    name: 'ky',
    create(strategy) {
      const api = kyAuth(ky.create({ retry: 0 }), strategy)
      return {
        get: async (url, { optOut } = {}) =>
          (await api.get(url, optOut ? { latchkey: false } : {})).status,
      }
    },
  },
  {
    name: 'axios',
    create(strategy) {
      const api = axiosAuth(axios.create(), strategy)
      return {
        get: async (url, { optOut } = {}) =>
          (await api.get(url, optOut ? { latchkey: false } : {})).status,
      }
    },
  },
  {
    name: 'got',
    create(strategy) {
      const api = gotAuth(got.extend({ retry: { limit: 0 } }), strategy)
      return {
        get: async (url, { optOut } = {}) =>
          (await api.get(url, optOut ? { context: { latchkey: false } } : {})).statusCode,
      }
    },
  },
]
