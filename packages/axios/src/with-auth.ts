import type { AuthOptions, AuthStrategy } from '@latchkey/core'
import { Authenticator } from '@latchkey/core/adapter'
import axios, { type AxiosAdapter, type AxiosInstance } from 'axios'
import { assertPresentsCertificates, certificateAgentsFor } from '#tls'
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
 * With `mtls()`, in Node.js, hops that present the certificate use an https.Agent built
 * from your `httpsAgent`'s options (keep-alive, CA, ...) plus the certificate; axios's
 * `proxy` still applies. axios's fetch and xhr adapters cannot present a certificate:
 * `withAuth` throws `UNSUPPORTED` at setup when the instance uses one (and a request
 * that switches to one fails with it), as it does in a browser.
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
  const agentFor = certificateAgentsFor(strategy, axios.getAdapter(client.defaults.adapter))
  client.interceptors.request.use(
    (config) => {
      // A config that already went through here (axios-retry resends error.config) is unwrapped first.
      const current = config.adapter as WrappedAdapter | undefined
      const inner = axios.getAdapter(current?.[unwrapped] ?? current ?? client.defaults.adapter)
      if (agentFor !== undefined) assertPresentsCertificates(strategy, inner)
      const wrapped: WrappedAdapter = authenticatedAdapter(inner, auth, agentFor)
      wrapped[unwrapped] = inner
      config.adapter = wrapped
      return config
    },
    undefined,
    { synchronous: true },
  )
  return client
}
