import { format, inspect } from 'node:util'
import { sentinelForms } from './sentinels.js'

/**
 * Every place a secret shows up in `error`: its message, stack, `JSON.stringify` (with a
 * cycle-safe replacer), `util.inspect` at full depth, with hidden properties too, and
 * `util.format('%o')` (what the `debug` package prints), and each of those down the cause
 * chain. An empty list means the error is safe to log.
 */
export function findLeaks(error: unknown, secrets: readonly string[] = sentinelForms()): string[] {
  const leaks: string[] = []
  const check = (where: string, text: string | undefined) => {
    for (const secret of secrets)
      if (text?.includes(secret)) leaks.push(`${where} contains ${secret}`)
  }
  let current: unknown = error
  for (let depth = 0; current !== undefined && current !== null && depth < 16; depth++) {
    const at = depth === 0 ? 'error' : `error${'.cause'.repeat(depth)}`
    if (current instanceof Error) {
      check(`${at}.message`, current.message)
      check(`${at}.stack`, current.stack)
    } else {
      check(`${at} (string)`, String(current))
    }
    check(`JSON.stringify(${at})`, safeStringify(current))
    check(`util.inspect(${at})`, inspect(current, { depth: Number.POSITIVE_INFINITY }))
    check(
      `util.inspect(${at}, { showHidden: true })`,
      inspect(current, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    )
    check(`util.format('%o', ${at})`, format('%o', current))
    current = (current as { cause?: unknown }).cause
  }
  return leaks
}

/** JSON with cycles cut and bytes decoded, so a secret held in a Buffer is found too. */
function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>()
  try {
    return (
      JSON.stringify(value, (_key, entry: unknown) => {
        if (entry instanceof Uint8Array) return Buffer.from(entry).toString('utf8')
        if (isSerializedBuffer(entry)) return Buffer.from(entry.data).toString('utf8')
        if (typeof entry === 'object' && entry !== null) {
          if (seen.has(entry)) return '[Circular]'
          seen.add(entry)
        }
        return typeof entry === 'bigint' ? entry.toString() : entry
      }) ?? ''
    )
  } catch (error) {
    return `unserializable: ${String(error)}`
  }
}

/** What `Buffer#toJSON` makes of a buffer before a replacer sees it. */
function isSerializedBuffer(value: unknown): value is { type: 'Buffer'; data: number[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { type?: unknown }).type === 'Buffer' &&
    Array.isArray((value as { data?: unknown }).data)
  )
}
