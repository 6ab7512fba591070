import type { AuthOptions, AuthStrategy } from '@latchkey/core'
import { Authenticator } from '@latchkey/core/adapter'
import { authHooks } from './hooks.js'
import { markingPages } from './pagination.js'

/**
 * What `withAuth` needs of a got instance, in got 14, 15 and 16 alike: structural, so no
 * major's own types are imported and a consumer's instance keeps its exact type.
 */
export interface GotLike {
  (url: never, options?: never): unknown
  /** got's `extend()`, which `withAuth` uses to add its hooks. */
  extend(...options: never[]): unknown
}

/**
 * A got instance that authenticates every request with `strategy`, keeping everything the
 * instance (got 14.5+, 15 or 16) already has: prefixUrl, hooks, retry, timeouts. The
 * instance keeps its own type.
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
 *
 * @throws `AuthError` `INVALID_CONFIG` when `strategy` is not a strategy or `options` are
 *   malformed.
 */
export function withAuth<T extends GotLike>(
  client: T,
  strategy: AuthStrategy,
  options?: AuthOptions,
): T {
  if (typeof client?.extend !== 'function') throw new TypeError('withAuth: expected a got instance')
  const hooks = authHooks(new Authenticator(strategy, options))
  // got appends an extension's hooks after the instance's own; Latchkey's error hooks must
  // run first, before the caller's hooks see (and log) the error. Defaults stay mutable
  // just long enough to put them in front, then are frozen again as the caller had them.
  const extend = client.extend as (options: object) => StagedGot
  const staged = extend.call(client, {
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
  const { mutableDefaults } = (client as unknown as StagedGot).defaults
  return markingPages(staged.extend({ mutableDefaults }) as unknown as T)
}

/** The parts of a got instance's defaults that withAuth rearranges (the same in 14 to 16). */
interface StagedGot {
  readonly defaults: {
    readonly mutableDefaults: boolean
    readonly options: { readonly hooks: Record<'beforeError' | 'beforeRetry', unknown[]> }
  }
  extend(options: object): unknown
}
