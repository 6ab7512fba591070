import { invalidConfig } from '../errors/invalid-config.js'
import { defineStrategy } from '../flow/define-strategy.js'
import { markFixedHeaders } from '../flow/fixed.js'
import { withHeaders, withQuery } from '../flow/request.js'
import type { AuthStrategy } from '../flow/types.js'
import { isHeaderValue, isToken, isWellFormed } from '../util/syntax.js'
import { type CredentialSource, credentialReader } from './credential-source.js'

/** Options of {@link apiKey}: a header, or a query parameter, and the key. */
export type ApiKeyOptions =
  | {
      /** The header the key goes in (`X-API-Key`). */
      readonly header: string
      /** Not with `header`. */
      readonly query?: never
      /** The key, or a function returning it (read on every request). */
      readonly value: CredentialSource
    }
  | {
      /** The query parameter the key goes in (`api_key`). */
      readonly query: string
      /** Not with `query`. */
      readonly header?: never
      /** The key, or a function returning it (read on every request). */
      readonly value: CredentialSource
    }

/**
 * A static API key in a header (`X-API-Key: <key>`) or a query parameter (`?api_key=<key>`).
 *
 * Prefer a header: query strings end up in server logs, proxies and browser history.
 *
 * @example
 * ```ts
 * apiKey({ header: 'X-API-Key', value: process.env.API_KEY })
 * apiKey({ query: 'api_key', value: () => keys.current() })
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` for a bad header or parameter name, or a key that
 *   is neither a usable string nor a function. A function that throws or returns something
 *   unusable fails the request with `CREDENTIAL_UNAVAILABLE`.
 */
export function apiKey(options: ApiKeyOptions): AuthStrategy {
  const { header, query, value } = (options ?? {}) as Partial<
    Record<'header' | 'query', unknown>
  > & {
    value?: CredentialSource
  }
  if ((header === undefined) === (query === undefined)) {
    throw invalidConfig('apiKey', 'set exactly one of header or query')
  }
  if (value === undefined) throw invalidConfig('apiKey', 'value is required')
  if (header !== undefined) {
    if (typeof header !== 'string' || !isToken(header)) {
      throw invalidConfig('apiKey', 'header must be a valid header name')
    }
    const name = header.toLowerCase()
    const read = credentialReader(
      'apiKey',
      value,
      isHeaderValue,
      'a non-empty header value of visible ASCII (spaces inside only)',
    )
    const strategy = defineStrategy({
      name: 'apiKey',
      secrets: { headers: [name], query: [] },
      async *flow(request) {
        yield withHeaders(request, { [name]: await read() })
      },
    })
    // A fixed key is applied by the driver without starting the flow.
    return typeof value === 'string' ? markFixedHeaders(strategy, { [name]: value }) : strategy
  }
  if (typeof query !== 'string' || query.length === 0) {
    throw invalidConfig('apiKey', 'query must be a non-empty parameter name')
  }
  const read = credentialReader(
    'apiKey',
    value,
    (key) => key.length > 0 && isWellFormed(key),
    'a non-empty string without lone surrogates',
  )
  return defineStrategy({
    name: 'apiKey',
    secrets: { headers: [], query: [query] },
    async *flow(request) {
      yield withQuery(request, { [query]: await read() })
    },
  })
}
