import { Authenticator, type AuthOptions, type AuthStrategy } from '@latchkey/core'
import { authenticateFetch } from '@latchkey/fetch'
import type { KyInstance } from 'ky'
import { refusingUserinfo } from './userinfo.js'

/**
 * A ky instance that authenticates every request with `strategy`, keeping everything the
 * instance already has: prefixUrl, hooks, retry, timeout, and its own `fetch`.
 *
 * Latchkey sits in ky's `fetch` option, so each attempt ky makes (its retries included)
 * gets current credentials, and redirects are followed under Latchkey's policy. Opt a
 * request out with `{ latchkey: false }`. `mtls()` works as with `@latchkey/fetch`: in
 * Node.js, with the `undici` package installed, hops that present the certificate use an
 * undici `Agent` built with it instead of the request's `dispatcher`.
 *
 * @example
 * ```ts
 * import ky from 'ky'
 * import { bearer } from '@latchkey/core'
 * import { withAuth } from '@latchkey/ky'
 *
 * const api = withAuth(ky.create({ prefixUrl: 'https://api.example.com' }), bearer(token))
 * const me = await api.get('me').json()
 * ```
 */
export function withAuth(
  client: KyInstance,
  strategy: AuthStrategy,
  options?: AuthOptions,
): KyInstance {
  if (typeof client?.extend !== 'function') throw new TypeError('withAuth: expected a ky instance')
  const auth = new Authenticator(strategy, options)
  const authenticated = client.extend((parent) => {
    const authenticatedFetch = authenticateFetch(parent.fetch ?? globalThis.fetch, auth)
    return {
      // ky builds its HTTPError from this response, and runs the instance's own beforeError
      // and beforeRetry hooks before Latchkey's: its URL (a query key) is scrubbed here.
      fetch: async (input: string | URL | Request, init?: RequestInit) =>
        auth.redact(await authenticatedFetch(input, init)),
      hooks: { beforeError: [(error) => auth.redact(error)] },
    }
  })
  return refusingUserinfo(authenticated)
}
