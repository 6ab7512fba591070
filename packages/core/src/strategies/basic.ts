import { invalidConfig } from '../errors/invalid-config.js'
import { defineStrategy } from '../flow/define-strategy.js'
import { markFixedHeaders } from '../flow/fixed.js'
import { withHeaders } from '../flow/request.js'
import type { AuthStrategy } from '../flow/types.js'
import { base64Utf8 } from '../util/base64.js'
import { hasControlCharacter } from '../util/syntax.js'

/** Options of {@link basic}. */
export interface BasicOptions {
  /** The user-id; no colon or control character (RFC 7617). */
  readonly username: string
  /** The password; a secret, never in an error. */
  readonly password: string
}

/**
 * HTTP Basic (RFC 7617) with the UTF-8 charset: `Authorization: Basic base64(user:pass)`.
 *
 * Throws `INVALID_CONFIG` at once for a username containing `:` (the server could not
 * split it back) or control characters in either part.
 *
 * @example
 * ```ts
 * withAuth(ky, basic({ username: 'aladdin', password: 'open sesame' }))
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` for a username or password that is not a string or
 *   cannot be sent (RFC 7617).
 */
export function basic(options: BasicOptions): AuthStrategy {
  const { username, password } = options ?? {}
  if (typeof username !== 'string') throw invalidConfig('basic', 'username must be a string')
  if (typeof password !== 'string') throw invalidConfig('basic', 'password must be a string')
  if (username.includes(':')) throw invalidConfig('basic', 'username must not contain ":"')
  if (hasControlCharacter(username) || hasControlCharacter(password)) {
    throw invalidConfig('basic', 'username and password must not contain control characters')
  }
  const authorization = `Basic ${base64Utf8(`${username}:${password}`)}`
  const strategy = defineStrategy({
    name: 'basic',
    secrets: { headers: ['authorization'], query: [] },
    async *flow(request, ctx) {
      // Only the header is registered from what is sent: a server that echoes the password
      // itself (or the user-id:password pair) must not show it in an error either.
      ctx.secret(password)
      ctx.secret(`${username}:${password}`)
      yield withHeaders(request, { authorization })
    },
  })
  // Fixed credentials: the driver applies them (and registers the same two values) without a flow.
  return markFixedHeaders(strategy, { authorization }, [password, `${username}:${password}`])
}
