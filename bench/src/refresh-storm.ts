import { withAuth as axiosAuth } from '@latchkey/axios'
import { type AuthStrategy, oauth2 } from '@latchkey/core'
import { withAuth as fetchAuth } from '@latchkey/fetch'
import { withAuth as gotAuth } from '@latchkey/got'
import { withAuth as kyAuth } from '@latchkey/ky'
import axios, { type AxiosInstance } from 'axios'
import { createAuthRefresh } from 'axios-auth-refresh'
import got from 'got'
import ky from 'ky'
import { percentile, startServer, table } from './measure.js'

type Get = (url: string) => Promise<number>

interface Contender {
  readonly name: string
  /** A client whose token is already cached; `expire` makes the next requests meet an expired one. */
  build(origin: string): Promise<{ get: Get; expire: () => void }>
}

class StormClock {
  offset = 0
  now = () => Date.now() + this.offset
}

/** Latchkey through one adapter, `oauth2.clientCredentials`, a clock the storm can move. */
function latchkey(
  name: string,
  wrap: (strategy: AuthStrategy, clock: StormClock) => Get,
  proactive: boolean,
): Contender {
  return {
    name: `${name} (latchkey, ${proactive ? 'expired by clock' : 'rejected by server'})`,
    async build(origin) {
      const clock = new StormClock()
      const strategy = oauth2.clientCredentials({
        tokenUrl: `${origin}/token`,
        clientId: 'bench',
        clientSecret: 'bench-secret',
      })
      const get = wrap(strategy, clock)
      await get(`${origin}/api/warm`)
      return {
        get,
        expire: () => {
          if (proactive) clock.offset += 301_000
        },
      }
    },
  }
}

const adapters: [string, (strategy: AuthStrategy, clock: StormClock) => Get][] = [
  [
    'fetch',
    (s, clock) => {
      const api = fetchAuth(fetch, s, { clock })
      return async (url) => (await api(url)).status
    },
  ],
  [
    'ky',
    (s, clock) => {
      const api = kyAuth(ky.create({ retry: 0, timeout: false, throwHttpErrors: false }), s, {
        clock,
      })
      return async (url) => (await api.get(url)).status
    },
  ],
  [
    'axios',
    (s, clock) => {
      const api = axiosAuth(axios.create({ validateStatus: () => true }), s, { clock })
      return async (url) => (await api.get(url)).status
    },
  ],
  [
    'got',
    (s, clock) => {
      const api = gotAuth(got.extend({ retry: { limit: 0 }, throwHttpErrors: false }), s, { clock })
      return async (url) => (await api.get(url)).statusCode
    },
  ],
]

/** axios + axios-auth-refresh with its default options, written as its README shows. */
const axiosAuthRefresh: Contender = {
  name: 'axios + axios-auth-refresh (defaults)',
  async build(origin) {
    let token = ''
    const instance: AxiosInstance = axios.create()
    const refreshAuthLogic = async (failed: {
      response: { config: { headers: Record<string, string> } }
    }) => {
      const { data } = await axios.post<{ access_token: string }>(`${origin}/token`)
      token = data.access_token
      failed.response.config.headers.Authorization = `Bearer ${token}`
    }
    // axios-auth-refresh types axios as CommonJS; the instance is the same at runtime.
    createAuthRefresh(
      instance as unknown as Parameters<typeof createAuthRefresh>[0],
      refreshAuthLogic,
    )
    instance.interceptors.request.use((request) => {
      request.headers.Authorization = `Bearer ${token}`
      return request
    })
    const get: Get = (url) =>
      instance.get(url).then(
        (response) => response.status,
        (error: { response?: { status: number } }) => error.response?.status ?? 0,
      )
    await get(`${origin}/api/warm`)
    return { get, expire: () => {} }
  },
}

/**
 * 1000 concurrent requests meeting an expired token, token endpoint taking 50 ms: how
 * many token requests, how many failures, and the latency spread, per adapter; and the
 * same workload through axios-auth-refresh as the reference.
 */
export async function refreshStorm(options: { requests: number }): Promise<string> {
  const server = await startServer('token-server.js')
  const rows: string[][] = []
  const admin = (path: string) =>
    fetch(`${server.origin}/admin/${path}`).then(
      (r) => r.json() as Promise<{ tokenRequests?: number }>,
    )
  const contenders = [
    ...adapters.map(([name, wrap]) => latchkey(name, wrap, false)),
    ...adapters.map(([name, wrap]) => latchkey(name, wrap, true)),
    axiosAuthRefresh,
  ]
  try {
    for (const contender of contenders) {
      const { get, expire } = await contender.build(server.origin)
      await admin('expire')
      expire()
      await admin('stats')
      const latencies: number[] = []
      let failures = 0
      await Promise.all(
        Array.from({ length: options.requests }, async (_, n) => {
          const start = performance.now()
          const status = await get(`${server.origin}/api/${n}`).catch(() => 0)
          latencies.push(performance.now() - start)
          if (status !== 200) failures++
        }),
      )
      const { tokenRequests = 0 } = await admin('stats')
      rows.push([
        contender.name,
        String(tokenRequests),
        String(failures),
        percentile(latencies, 50).toFixed(0),
        percentile(latencies, 99).toFixed(0),
      ])
    }
  } finally {
    server.stop()
  }
  const title = `refresh storm: ${options.requests} concurrent requests on an expired token, token endpoint 50 ms`
  return `${title}\n${table(['client', 'token requests', 'failures', 'p50 ms', 'p99 ms'], rows)}`
}
