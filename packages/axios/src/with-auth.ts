import { Authenticator, type AuthOptions, type AuthStrategy } from '@latchkey/core'
import axios, { type AxiosAdapter, type AxiosInstance } from 'axios'
import { authenticatedAdapter } from './adapter.js'

const unwrapped = Symbol('latchkey.inner-adapter')

type WrappedAdapter = AxiosAdapter & { [unwrapped]?: AxiosAdapter }

/**
 * Installs Latchkey on an axios instance (or the default `axios`) and returns it.
 *
 * Latchkey wraps whichever adapter each request uses, after your request interceptors
 * and `transformRequest`: it authenticates the final request, follows redirects under
 * its policy, and retries when the strategy asks (a refresh, a challenge). Your
 * interceptors, baseURL, timeouts and axios-retry keep working. Opt a request out with
 * `{ latchkey: false }`.
 *
 * @example
 * ```ts
 * import axios from 'axios'
 * import { bearer } from '@latchkey/core'
 * import { withAuth } from '@latchkey/axios'
 *
 * const api = withAuth(axios.create({ baseURL: 'https://api.example.com' }), bearer(token))
 * const { data } = await api.get('/me')
 * ```
 */
export function withAuth<T extends AxiosInstance>(
  client: T,
  strategy: AuthStrategy,
  options?: AuthOptions,
): T {
  if (typeof client?.interceptors?.request?.use !== 'function') {
    throw new TypeError('withAuth: expected an axios instance')
  }
  const auth = new Authenticator(strategy, options)
  client.interceptors.request.use(
    (config) => {
      // A config that already went through here (axios-retry resends error.config) is unwrapped first.
      const current = config.adapter as WrappedAdapter | undefined
      const inner = axios.getAdapter(current?.[unwrapped] ?? current ?? client.defaults.adapter)
      const wrapped: WrappedAdapter = authenticatedAdapter(inner, auth)
      wrapped[unwrapped] = inner
      config.adapter = wrapped
      return config
    },
    undefined,
    { synchronous: true },
  )
  return client
}
