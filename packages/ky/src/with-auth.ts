import type { AuthOptions, AuthStrategy } from '@latchkey/core'
import { Authenticator } from '@latchkey/core/adapter'
import { authenticateFetch } from '@latchkey/fetch'
import { type KyInstanceLike, type KyParentOptions, redactHook, retryGuards } from './ky.js'
import { refusingUserinfo } from './userinfo.js'

/**
 * A ky instance (ky 1.7+ or ky 2) that authenticates every request with `strategy`, keeping
 * everything the instance already has: prefix (`prefixUrl` in ky 1), hooks, retry, timeout,
 * and its own `fetch`. The instance keeps its own type.
 *
 * Latchkey sits in ky's `fetch` option, so each attempt ky makes (its retries included)
 * gets current credentials, and redirects are followed under Latchkey's policy. ky never
 * retries a Latchkey `AuthError`: no retry fixes a broken token endpoint or a refused
 * redirect. Opt a request out with `{ latchkey: false }`. `mtls()` works as with
 * `@latchkey/fetch`: in Node.js, with the `undici` package installed, hops that present the
 * certificate use an undici `Agent` built with it instead of the request's `dispatcher`.
 *
 * @example
 * ```ts
 * import ky from 'ky'
 * import { bearer } from '@latchkey/core'
 * import { withAuth } from '@latchkey/ky'
 *
 * // ky 1: ky.create({ prefixUrl: 'https://api.example.com' })
 * const api = withAuth(ky.create({ prefix: 'https://api.example.com' }), bearer(token))
 * const me = await api.get('me').json()
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` when `strategy` is not a strategy or `options` are
 *   malformed; `UNSUPPORTED` for `mtls()` where no client certificate can be presented (a
 *   browser).
 */
export function withAuth<T extends KyInstanceLike>(
  client: T,
  strategy: AuthStrategy,
  options?: AuthOptions,
): T {
  if (typeof client?.extend !== 'function') throw new TypeError('withAuth: expected a ky instance')
  const auth = new Authenticator(strategy, options)
  const inQuery = strategy.secrets.query.length > 0
  const extend = client.extend as (options: (parent: KyParentOptions) => object) => T
  const authenticated = extend.call(client, (parent) => {
    const guards = retryGuards(parent.retry)
    const authenticatedFetch = authenticateFetch(parent.fetch ?? globalThis.fetch, auth)
    return {
      // ky builds its HTTPError from this response, and runs the instance's own beforeError
      // and beforeRetry hooks before Latchkey's: its URL (a query key) is scrubbed here. ky 1
      // and 2 make an HTTPError only of a response that is not ok; an ok one is walked only
      // when a query key can be in its URL (walking tests every header against every secret).
      fetch: async (input: string | URL | Request, init?: RequestInit) => {
        const response = await authenticatedFetch(input, init)
        return response.ok && !inQuery ? response : auth.redact(response)
      },
      retry: guards.retry,
      hooks: { beforeRetry: [guards.beforeRetry], beforeError: [redactHook(auth)] },
    }
  })
  return refusingUserinfo(authenticated)
}
