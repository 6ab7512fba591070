/** `util.inspect` for a page: loupe, the inspector chai uses. */
import { inspect as loupe } from 'loupe'

export function inspect(value: unknown, options: { depth?: number } = {}): string {
  return loupe(value, { depth: options.depth ?? 2, truncate: Number.POSITIVE_INFINITY })
}

export function promisify(): never {
  throw new Error('node:util shim: promisify is for the kit, which runs in Node.js')
}

/** `util.format('%o', value)` as the leak checks use it: the value inspected. */
export function format(_pattern: string, ...values: unknown[]): string {
  return values.map((value) => inspect(value, { depth: Number.POSITIVE_INFINITY })).join(' ')
}
