import { withAuth as withAxios } from '@latchkey/axios'
import { SENTINEL } from '@latchkey/conformance'
import { apiKey, isAuthError } from '@latchkey/core'
import { withAuth as withFetch } from '@latchkey/fetch'
import { withAuth as withKy } from '@latchkey/ky'
import axios from 'axios'
import ky from 'ky'
import { PAGE_API } from '../shared/wire.js'

/**
 * A page served by the API's own origin, sending an API key header: each client, and how
 * a request ends (a status, or the error's name and code).
 */
const strategy = () => apiKey({ header: 'X-API-Key', value: SENTINEL.apiKey })
const clients: Record<string, (url: string) => Promise<number>> = {
  fetch: async (url) => (await withFetch(fetch, strategy())(url)).status,
  ky: async (url) => (await withKy(ky.create({ retry: 0 }), strategy())(url)).status,
  'axios xhr': async (url) =>
    (await withAxios(axios.create({ adapter: 'xhr' }), strategy()).get(url)).status,
  'axios fetch': async (url) =>
    (await withAxios(axios.create({ adapter: 'fetch' }), strategy()).get(url)).status,
}

Object.assign(globalThis, {
  [PAGE_API]: {
    clients: Object.keys(clients),
    async request(client: string, url: string) {
      try {
        return { status: await clients[client]?.(url) }
      } catch (error) {
        return {
          error: (error as Error).name,
          code: isAuthError(error) ? (error as { code: string }).code : undefined,
        }
      }
    },
  },
})
