import type { Authenticator } from '@latchkey/core'

/**
 * got 15+ keeps a request's options in a private `#internals` that a walk over the error
 * cannot reach, while `JSON.stringify` (`toJSON()`) and `util.inspect` print all of it: the
 * Authorization header Latchkey set, the URL with a query key. Each option `toJSON()` names
 * is scrubbed in place through its own getter (headers, url and the other objects got
 * hands out live). got 14 keeps a public `_internals`, which the error's walk already covers.
 */
export function redactPrivateOptions(options: unknown, auth: Authenticator): void {
  if (typeof options !== 'object' || options === null || '_internals' in options) return
  const toJSON = (options as { toJSON?: unknown }).toJSON
  if (typeof toJSON !== 'function') return
  for (const key of Object.keys(toJSON.call(options) as object)) {
    const value: unknown = (options as Record<string, unknown>)[key]
    if (typeof value === 'object' && value !== null) auth.redact(value)
  }
}
