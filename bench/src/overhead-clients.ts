import { withAuth as axiosAuth } from '@latchkey/axios'
import { type AuthStrategy, apiKey, basic, bearer, digest, oauth2 } from '@latchkey/core'
import { withAuth as fetchAuth } from '@latchkey/fetch'
import { withAuth as gotAuth } from '@latchkey/got'
import { withAuth as kyAuth } from '@latchkey/ky'
import axios, { type AxiosInstance } from 'axios'
import { createAuthRefresh } from 'axios-auth-refresh'
import got from 'got'
import got16 from 'got16'
import ky from 'ky'
import ky2 from 'ky2'

/** Sends one GET to `url` and reads the whole response body. */
export type Send = (url: string) => Promise<unknown>

export const clients = ['fetch', 'ky 1', 'ky 2', 'axios', 'got 14', 'got 16'] as const
export type Client = (typeof clients)[number]

export const token = 'bench-token-0123456789'
const byHand = { authorization: `Bearer ${token}` }

/** How a client sends: with no auth of its own, a fixed header, or a strategy through Latchkey. */
export type Auth =
  | { readonly kind: 'none' }
  | { readonly kind: 'header' }
  | { readonly kind: 'anchor' }
  | { readonly kind: 'latchkey'; readonly strategy: () => AuthStrategy }

/** The strategies the overhead table compares, by row name. */
export function strategies(origin: string) {
  return {
    bearer: () => bearer(token),
    apiKey: () => apiKey({ header: 'X-API-Key', value: token }),
    basic: () => basic({ username: 'bench', password: 'bench-password' }),
    'cached oauth2': () =>
      oauth2.clientCredentials({
        tokenUrl: `${origin}/token`,
        clientId: 'bench',
        clientSecret: 'bench-secret',
      }),
    'cached digest': () => digest({ username: 'bench', password: 'bench-pässword' }),
  } satisfies Record<string, () => AuthStrategy>
}

/** The anchor each client's users reach for instead of Latchkey, written as its docs show. */
export const anchorNames: Partial<Record<Client, string>> = {
  'ky 1': 'ky hook pattern',
  'ky 2': 'ky hook pattern',
  axios: 'axios-auth-refresh',
  'got 14': 'got hook pattern',
  'got 16': 'got hook pattern',
}

/** ky 1 passes the request to `beforeRequest`; ky 2 passes `{ request }`. */
const kyHook = (argument: Request | { request: Request }) => {
  const request = argument instanceof Request ? argument : argument.request
  request.headers.set('authorization', `Bearer ${token}`)
}

/** One client, configured the way its users would for a benchmark: no retries, no timeout. */
export function sender(
  client: Client,
  auth: Auth,
  origin: string,
  headers: Readonly<Record<string, string>> = byHand,
): Send {
  const strategy = auth.kind === 'latchkey' ? auth.strategy() : undefined
  const header = auth.kind === 'header'
  switch (client) {
    case 'fetch': {
      if (strategy) {
        const api = fetchAuth(fetch, strategy)
        return (url) => api(url).then((r) => r.text())
      }
      const init = header ? { headers } : {}
      return (url) => fetch(url, init).then((r) => r.text())
    }
    case 'ky 1':
    case 'ky 2': {
      const base = (client === 'ky 1' ? ky : (ky2 as unknown as typeof ky)).create({
        retry: 0,
        timeout: false,
        ...(auth.kind === 'anchor' && { hooks: { beforeRequest: [kyHook as never] } }),
      })
      if (strategy) {
        const api = kyAuth(base, strategy)
        return (url) => api.get(url).text()
      }
      const options = header ? { headers } : {}
      return (url) => base.get(url, options).text()
    }
    case 'axios': {
      const base = axios.create()
      if (strategy) {
        const api = axiosAuth(base, strategy)
        return (url) => api.get(url)
      }
      if (auth.kind === 'anchor') return axiosAuthRefresh(base, origin)
      const config = header ? { headers } : {}
      return (url) => base.get(url, config)
    }
    case 'got 14':
    case 'got 16': {
      const base = (client === 'got 14' ? got : (got16 as unknown as typeof got)).extend({
        retry: { limit: 0 },
        ...(auth.kind === 'anchor' && {
          hooks: {
            beforeRequest: [
              (options) => {
                options.headers.authorization = `Bearer ${token}`
              },
            ],
          },
        }),
      })
      if (strategy) {
        const api = gotAuth(base, strategy)
        return (url) => api.get(url).text()
      }
      const options = header ? { headers } : {}
      return (url) => base.get(url, options).text()
    }
  }
}

/** axios + axios-auth-refresh as its README shows: a request interceptor and the refresh one. */
function axiosAuthRefresh(instance: AxiosInstance, origin: string): Send {
  let current = token
  createAuthRefresh(
    instance as unknown as Parameters<typeof createAuthRefresh>[0],
    async (failed: { response: { config: { headers: Record<string, string> } } }) => {
      const { data } = await axios.post<{ access_token: string }>(`${origin}/token`)
      current = data.access_token
      failed.response.config.headers.Authorization = `Bearer ${current}`
    },
  )
  instance.interceptors.request.use((request) => {
    request.headers.Authorization = `Bearer ${current}`
    return request
  })
  return (url) => instance.get(url)
}
