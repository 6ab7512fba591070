import { invalidConfig } from '../errors/invalid-config.js'
import { withHeaders, withQuery } from '../flow/request.js'
import type { AuthRequest, SecretPlacement } from '../flow/types.js'
import { isToken } from '../util/syntax.js'
import type { StoredToken } from './token.js'

/**
 * Where a token goes. Default: `Authorization: <token type> <token>` (`Bearer`).
 *
 * @example
 * ```ts
 * { header: 'X-Auth-Token' }            // X-Auth-Token: <token>
 * { scheme: 'Token' }                   // Authorization: Token <token>
 * { header: 'X-Session', scheme: 'S' }  // X-Session: S <token>
 * { query: 'access_token' }             // ?access_token=<token>
 * ```
 */
export type TokenPlacement =
  | {
      /** The header name; default `Authorization`. A custom header gets the bare token. */
      readonly header?: string
      /** The scheme before the token (`Token`); default: the token type, in `Authorization` only. */
      readonly scheme?: string
      /** Not with `header` or `scheme`. */
      readonly query?: never
    }
  | {
      /** The query parameter the token goes in (`access_token`). */
      readonly query: string
      /** Not with `query`. */
      readonly header?: never
      /** Not with `query`. */
      readonly scheme?: never
    }

/** A validated {@link TokenPlacement}: where it puts secrets and how it puts a token on a request. */
export interface Placer {
  /** The header or query parameter the token goes in, for stripping and redaction. */
  readonly secrets: SecretPlacement
  /** A copy of `request` carrying `token`. */
  apply(request: AuthRequest, token: StoredToken): AuthRequest
}

/**
 * Validates `placement` for `strategy` (named in errors) and returns its {@link Placer}.
 *
 * @defaultValue `placement`: `{}`, i.e. `Authorization: <token type> <token>`
 * @throws `AuthError` `INVALID_CONFIG` when `placement` is malformed.
 */
export function placer(strategy: string, placement: TokenPlacement = {}): Placer {
  if (typeof placement !== 'object' || placement === null)
    throw invalidConfig(strategy, 'apply must be an object')
  const { header, scheme, query } = placement as {
    header?: unknown
    scheme?: unknown
    query?: unknown
  }
  if (query !== undefined) {
    if (header !== undefined || scheme !== undefined) {
      throw invalidConfig(strategy, 'apply takes query, or header and scheme, not both')
    }
    if (typeof query !== 'string' || query.length === 0)
      throw invalidConfig(strategy, 'apply.query must be a name')
    return {
      secrets: { headers: [], query: [query] },
      apply: (request, token) => withQuery(request, { [query]: token.accessToken }),
    }
  }
  if (header !== undefined && (typeof header !== 'string' || !isToken(header))) {
    throw invalidConfig(strategy, 'apply.header must be a valid header name')
  }
  if (scheme !== undefined && (typeof scheme !== 'string' || !isToken(scheme))) {
    throw invalidConfig(strategy, 'apply.scheme must be a valid auth scheme')
  }
  const name = (header ?? 'authorization').toLowerCase()
  // A custom header carries the bare token unless a scheme is asked for.
  const prefix = (token: StoredToken) =>
    scheme !== undefined ? `${scheme} ` : header === undefined ? `${token.tokenType} ` : ''
  return {
    secrets: { headers: [name], query: [] },
    apply: (request, token) =>
      withHeaders(request, { [name]: `${prefix(token)}${token.accessToken}` }),
  }
}
