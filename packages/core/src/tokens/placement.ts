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
  | { readonly header?: string; readonly scheme?: string; readonly query?: never }
  | { readonly query: string; readonly header?: never; readonly scheme?: never }

export interface Placer {
  readonly secrets: SecretPlacement
  apply(request: AuthRequest, token: StoredToken): AuthRequest
}

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
