import { isAuthError } from '../errors/auth-error.js'
import type { SecretSet } from './secret-set.js'

/**
 * Scrubs every known secret out of `value` in place (an error, usually) and returns it.
 *
 * It walks data, not machinery: messages, stacks and `cause` chains, plain objects,
 * arrays, `Headers`, `URL`s, fetch `Request`/`Response` objects and the enumerable fields
 * of other objects (a client's options or config). Live I/O objects (anything that looks
 * like an event emitter: sockets, `ClientRequest`, streams, agents) are never walked or
 * mutated; where one hangs off a property (enumerable or not, a symbol too) it is moved
 * behind a non-enumerable getter, so logging, `JSON.stringify`, `util.inspect` (with
 * `showHidden`, and `util.format('%o')`, which print hidden properties but never call
 * getters) no longer descend into its buffers (`_header`, `path`, `_pendingData`, agent
 * options). It stays reachable for code that asks for it by name.
 */
export function redactSecrets<T>(value: T, secrets: SecretSet): T {
  if (secrets.size > 0) visit(value, secrets, new WeakSet())
  return value
}

function visit(value: unknown, secrets: SecretSet, seen: WeakSet<object>): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return
  seen.add(value)
  if (isEmitter(value) || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return
  if (value instanceof Headers) {
    scrubHeaders(value, secrets)
    return
  }
  if (value instanceof URL) {
    if (secrets.test(value.href)) value.href = secrets.scrub(value.href)
    return
  }
  if (value instanceof URLSearchParams) {
    for (const [name, text] of [...value])
      if (secrets.test(text)) value.set(name, secrets.scrub(text))
    return
  }
  if (isFetchMessage(value)) {
    scrubFetchMessage(value, secrets, seen)
    return
  }
  if (value instanceof Error) {
    scrubField(value, 'message', secrets)
    scrubField(value, 'stack', secrets)
    if ('cause' in value) scrubProperty(value, 'cause', secrets, seen)
    // Kept non-enumerable to keep logs small, but reachable: a server may echo secrets there.
    if (isAuthError(value)) scrubProperty(value, 'response', secrets, seen)
  }
  if (value instanceof Map) {
    for (const [key, entry] of value) {
      if (typeof entry === 'string' && secrets.test(entry)) value.set(key, secrets.scrub(entry))
      else visit(entry, secrets, seen)
    }
    return
  }
  for (const key of Object.keys(value)) scrubProperty(value, key, secrets, seen)
  hideHiddenEmitters(value)
}

/** Emitters on non-enumerable or symbol keys: `showHidden` would print them whole. */
function hideHiddenEmitters(owner: object): void {
  for (const key of Reflect.ownKeys(owner)) {
    const descriptor = Object.getOwnPropertyDescriptor(owner, key)
    if (descriptor === undefined || !('value' in descriptor)) continue
    if (descriptor.enumerable && typeof key === 'string') continue
    const entry: unknown = descriptor.value
    if (typeof entry === 'object' && entry !== null && isEmitter(entry)) hide(owner, key, entry)
  }
}

function scrubProperty(
  owner: object,
  key: string,
  secrets: SecretSet,
  seen: WeakSet<object>,
): void {
  let entry: unknown
  try {
    entry = (owner as Record<string, unknown>)[key]
  } catch {
    return
  }
  if (typeof entry === 'string') {
    scrubField(owner, key, secrets)
    return
  }
  if (typeof entry === 'object' && entry !== null && isEmitter(entry)) {
    hide(owner, key, entry)
    return
  }
  visit(entry, secrets, seen)
}

function scrubField(owner: object, key: string, secrets: SecretSet): void {
  const text = (owner as Record<string, unknown>)[key]
  if (typeof text !== 'string' || !secrets.test(text)) return
  define(owner, key, secrets.scrub(text), isEnumerable(owner, key))
}

function scrubHeaders(headers: Headers, secrets: SecretSet): void {
  for (const [name, text] of [...headers]) {
    if (!secrets.test(text)) continue
    try {
      headers.set(name, secrets.scrub(text))
    } catch {
      // Immutable (a fetch Response's headers): the owner gets a scrubbed copy instead.
      return
    }
  }
}

interface FetchMessage {
  readonly url: string
  readonly headers: Headers
}

function isFetchMessage(value: object): value is FetchMessage {
  return (
    (typeof Request === 'function' && value instanceof Request) ||
    (typeof Response === 'function' && value instanceof Response)
  )
}

/** Request and Response keep url and headers behind getters; shadow them with clean copies. */
function scrubFetchMessage(message: FetchMessage, secrets: SecretSet, seen: WeakSet<object>): void {
  if (secrets.test(message.url)) define(message, 'url', secrets.scrub(message.url), false)
  const headers = [...message.headers]
  if (headers.some(([, text]) => secrets.test(text))) {
    const clean = new Headers(
      headers.map(([name, text]): [string, string] => [name, secrets.scrub(text)]),
    )
    define(message, 'headers', clean, false)
  }
  for (const key of Object.keys(message)) scrubProperty(message, key, secrets, seen)
}

function define(owner: object, key: string, value: unknown, enumerable: boolean): void {
  try {
    Object.defineProperty(owner, key, { value, enumerable, writable: true, configurable: true })
  } catch {
    // Frozen or non-configurable: nothing can be done here without breaking the owner.
  }
}

/** Behind a getter: printed as `[Getter/Setter]` even with `showHidden`, read as before. */
function hide(owner: object, key: string | symbol, value: unknown): void {
  let current = value
  try {
    Object.defineProperty(owner, key, {
      get: () => current,
      set: (next: unknown) => {
        current = next
      },
      enumerable: false,
      configurable: true,
    })
  } catch {
    // Frozen or non-configurable: nothing can be done here without breaking the owner.
  }
}

function isEnumerable(owner: object, key: string): boolean {
  return Object.getOwnPropertyDescriptor(owner, key)?.enumerable ?? false
}

function isEmitter(value: object): boolean {
  const candidate = value as { on?: unknown; emit?: unknown }
  return typeof candidate.on === 'function' && typeof candidate.emit === 'function'
}
