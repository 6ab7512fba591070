import { withAuth as axiosAuth } from '@latchkey/axios'
import { type AuthStrategy, bearer, oauth2 } from '@latchkey/core'
import { withAuth as fetchAuth } from '@latchkey/fetch'
import { withAuth as gotAuth } from '@latchkey/got'
import { withAuth as kyAuth } from '@latchkey/ky'
import axios from 'axios'
import got from 'got'
import ky from 'ky'

export type Send = (url: string) => Promise<unknown>
export type Variant = 'bare' | 'byHand' | 'latchkey' | 'cachedToken'

export const clients = ['fetch', 'ky', 'axios', 'got'] as const
export type Client = (typeof clients)[number]

const token = 'bench-token-0123456789'
const byHand = { authorization: `Bearer ${token}` }

/**
 * Each client four ways: bare; with the token set by hand (what a user writes without
 * Latchkey, and the fair baseline: sending a header has a cost of its own in every
 * client); with Latchkey and `bearer(token)`; and with Latchkey and a cached
 * `oauth2.clientCredentials` token (the token engine on every request).
 */
export function sender(client: Client, variant: Variant, origin: string): Send {
  const strategy: AuthStrategy =
    variant === 'cachedToken'
      ? oauth2.clientCredentials({
          tokenUrl: `${origin}/token`,
          clientId: 'bench',
          clientSecret: 'bench-secret',
        })
      : bearer(token)
  const authenticated = variant === 'latchkey' || variant === 'cachedToken'
  switch (client) {
    case 'fetch': {
      if (authenticated) {
        const api = fetchAuth(fetch, strategy)
        return (url) => api(url).then((r) => r.text())
      }
      const init = variant === 'byHand' ? { headers: byHand } : {}
      return (url) => fetch(url, init).then((r) => r.text())
    }
    case 'ky': {
      const base = ky.create({ retry: 0, timeout: false })
      if (authenticated) {
        const api = kyAuth(base, strategy)
        return (url) => api.get(url).text()
      }
      const options = variant === 'byHand' ? { headers: byHand } : {}
      return (url) => base.get(url, options).text()
    }
    case 'axios': {
      const base = axios.create()
      if (authenticated) {
        const api = axiosAuth(base, strategy)
        return (url) => api.get(url)
      }
      const config = variant === 'byHand' ? { headers: byHand } : {}
      return (url) => base.get(url, config)
    }
    case 'got': {
      const base = got.extend({ retry: { limit: 0 } })
      if (authenticated) {
        const api = gotAuth(base, strategy)
        return (url) => api.get(url).text()
      }
      const options = variant === 'byHand' ? { headers: byHand } : {}
      return (url) => base.get(url, options).text()
    }
  }
}
