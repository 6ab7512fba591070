import type { AuthOptions, AuthStrategy } from '@latchkey/core'
import { Authenticator } from '@latchkey/core/adapter'
import type { AxiosAdapter, AxiosInstance } from 'axios'
import { assertPresentsCertificates, certificateAgentsFor } from '#tls'
import { authenticatedAdapter } from './adapter.js'
import { axiosModuleOf } from './axios-module.js'

const unwrapped = Symbol('latchkey.inner-adapter')

type WrappedAdapter = AxiosAdapter & { [unwrapped]?: AxiosAdapter }

/**
 * An axios instance, spelled structurally: a CommonJS project's axios types (its
 * `index.d.cts`) and the ones this package was built with (`index.d.ts`) declare the same
 * API twice, and either instance type must be accepted.
 */
export interface AxiosInstanceLike {
  /** The instance's defaults: `withAuth` wraps the adapter they name. */
  readonly defaults: {
    /** The adapter (or adapter names) requests use. */
    readonly adapter?: unknown
  }
  /** The instance's interceptors. */
  readonly interceptors: {
    /** Request interceptors; `withAuth` adds one. */
    readonly request: {
      /** Adds a request interceptor. */
      use(onFulfilled: never, onRejected?: never, options?: { synchronous?: boolean }): number
    }
  }
}

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
 *
 * @throws `AuthError` `INVALID_CONFIG` when `strategy` is not a strategy or `options` are
 *   malformed; `UNSUPPORTED` for `mtls()` with an adapter that cannot present a client
 *   certificate (fetch, xhr, a browser).
 */
export function withAuth<T extends AxiosInstanceLike>(
  instance: T,
  strategy: AuthStrategy,
  options?: AuthOptions,
): T {
  if (typeof instance?.interceptors?.request?.use !== 'function') {
    throw new TypeError('withAuth: expected an axios instance')
  }
  const client = instance as unknown as AxiosInstance
  const axios = axiosModuleOf(client)
  const auth = new Authenticator(strategy, options)
  const agentFor = certificateAgentsFor(strategy, axios.getAdapter(client.defaults.adapter), axios)
  client.interceptors.request.use(
    (config) => {
      // A config that already went through here (axios-retry resends error.config) is unwrapped first.
      const current = config.adapter as WrappedAdapter | undefined
      const inner = axios.getAdapter(current?.[unwrapped] ?? current ?? client.defaults.adapter)
      if (agentFor !== undefined) assertPresentsCertificates(strategy, inner, axios)
      const wrapped: WrappedAdapter = authenticatedAdapter(inner, auth, agentFor, axios)
      wrapped[unwrapped] = inner
      config.adapter = wrapped
      return config
    },
    undefined,
    { synchronous: true },
  )
  return instance
}
