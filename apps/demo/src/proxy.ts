import { withAuth as axiosAuth } from '@latchkey/axios'
import { type Kit, startProxy } from '@latchkey/conformance/kit'
import { bearer, type ProxyAuth, proxyAuth } from '@latchkey/core'
import { proxyAgents, proxyConnector } from '@latchkey/core/node'
import { withAuth as fetchAuth } from '@latchkey/fetch'
import { withAuth as gotAuth } from '@latchkey/got'
import { withAuth as kyAuth } from '@latchkey/ky'
import axios from 'axios'
import got from 'got'
import ky, { type Options } from 'ky'
import { Agent } from 'undici'
import type { Row } from './matrix.js'

const token = 'demo-proxy-token-61aa'
const user = { username: 'demo-proxy', password: 'demo-proxy-pässword' }

type Get = (url: string) => Promise<number>

/** Each client through an authenticating proxy, the way its users write it. */
const clients: Record<string, (proxy: string, auth: ProxyAuth, ca: string) => Get> = {
  fetch: (proxy, auth, ca) => {
    const dispatcher = new Agent({ connect: proxyConnector({ proxy, auth, tls: { ca } }) })
    const api = fetchAuth(fetch, bearer(token))
    return async (url) => (await api(url, { dispatcher } as RequestInit)).status
  },
  ky: (proxy, auth, ca) => {
    const dispatcher = new Agent({ connect: proxyConnector({ proxy, auth, tls: { ca } }) })
    const api = kyAuth(ky.create({ retry: 0 }), bearer(token))
    return async (url) => (await api.get(url, { dispatcher } as Options)).status
  },
  axios: (proxy, auth, ca) => {
    const agents = proxyAgents({ proxy, auth, https: { ca } })
    const base = axios.create({ httpAgent: agents.http, httpsAgent: agents.https, proxy: false })
    const api = axiosAuth(base, bearer(token))
    return async (url) => (await api.get(url)).status
  },
  got: (proxy, auth, ca) => {
    const agent = proxyAgents({ proxy, auth, https: { ca: [ca] } })
    const api = gotAuth(got.extend({ retry: { limit: 0 }, agent }), bearer(token))
    return async (url) => (await api.get(url)).statusCode
  },
}

/**
 * Rows for proxy authentication: a Basic and a Digest proxy on loopback answer `407`;
 * each client's request must arrive with its bearer token and without the proxy's
 * credentials, and the proxy must have seen them on the CONNECT alone.
 */
export async function proxyRows(kit: Kit, adapters: readonly string[]): Promise<Row[]> {
  const rows: Row[] = []
  for (const scheme of ['basic', 'digest'] as const) {
    const proxy = await startProxy({ auth: { scheme, ...user } })
    try {
      for (const origin of ['https', 'http'] as const) {
        const results: (true | string)[] = []
        for (const name of adapters) {
          const create = clients[name]
          if (create === undefined) throw new Error(`no proxy client for ${name}`)
          proxy.received.length = 0
          const path = `/echo/proxy-${scheme}-${origin}-${name}`
          const get = create(proxy.url, proxyAuth(user), kit.ca)
          const outcome = await get(`${kit[origin]}${path}`).then(
            (status) => {
              const hop = kit.log.at(path).at(-1)
              const answered = proxy.received.map((entry) => entry.status).join(',') === '407,200'
              return status === 200 &&
                answered &&
                hop?.headers.authorization === `Bearer ${token}` &&
                hop.headers['proxy-authorization'] === undefined
                ? true
                : 'the servers did not receive what they should'
            },
            (error: unknown) => (error instanceof Error ? error.message : String(error)),
          )
          results.push(outcome)
        }
        rows.push({
          strategy: `bearer + proxyAuth(${scheme})`,
          scenario: `407 answered on the CONNECT (${origin})`,
          results,
        })
      }
    } finally {
      await proxy.close()
    }
  }
  return rows
}
