import { Authenticator, type AuthOptions, type AuthStrategy } from '@latchkey/core'
import type { Got } from 'got'
import { authHooks } from './hooks.js'
import { markingPages } from './pagination.js'

/**
 * A got instance that authenticates every request with `strategy`, keeping everything the
 * instance already has: prefixUrl, hooks, retry, timeouts.
 *
 * Latchkey plugs into got's hooks: credentials are applied on every hop (got's retries
 * included), redirects follow Latchkey's policy, and a strategy's retry (a refresh, a
 * challenge) is a got retry that does not count against `retry.limit`. Opt a request out
 * with `{ context: { latchkey: false } }`. In stream mode got runs no afterResponse hooks,
 * so credentials are applied but a strategy cannot retry.
 *
 * With `mtls()`, hops that present the certificate get it merged into got's `https`
 * options (`certificate`, `key`, `pfx`, `passphrase`, and `certificateAuthority` when the
 * material has a `ca`); your agent and other https options stay.
 *
 * @example
 * ```ts
 * import got from 'got'
 * import { bearer } from '@latchkey/core'
 * import { withAuth } from '@latchkey/got'
 *
 * const api = withAuth(got.extend({ prefixUrl: 'https://api.example.com' }), bearer(token))
 * const me = await api.get('me').json()
 * ```
 */
export function withAuth(client: Got, strategy: AuthStrategy, options?: AuthOptions): Got {
  if (typeof client?.extend !== 'function') throw new TypeError('withAuth: expected a got instance')
  const hooks = authHooks(new Authenticator(strategy, options))
  // got appends an extension's hooks after the instance's own; Latchkey's error hooks must
  // run first, before the caller's hooks see (and log) the error. Defaults stay mutable
  // just long enough to put them in front, then are frozen again as the caller had them.
  const staged = client.extend({
    mutableDefaults: true,
    handlers: [hooks.handler],
    hooks: {
      beforeRequest: [hooks.beforeRequest],
      beforeRedirect: [hooks.beforeRedirect],
      afterResponse: [hooks.afterResponse],
    },
  })
  staged.defaults.options.hooks.beforeError.unshift(hooks.beforeError)
  staged.defaults.options.hooks.beforeRetry.unshift(hooks.beforeRetry)
  return markingPages(staged.extend({ mutableDefaults: client.defaults.mutableDefaults }))
}
