import { assertNoUserinfo } from '@latchkey/core/adapter'

const methods = new Set(['get', 'post', 'put', 'patch', 'head', 'delete'])

type Call = (input: unknown, options?: Prefixed) => unknown

/** ky 1 calls the base URL `prefixUrl`, ky 2 `prefix`. */
interface Prefixed {
  readonly prefixUrl?: unknown
  readonly prefix?: unknown
}

interface Extendable {
  extend(options: (defaults: Prefixed) => object): unknown
}

/**
 * The instance, refusing a request whose URL (or prefix) carries userinfo with
 * `CREDENTIALS_IN_URL`, as every adapter does. ky builds its `Request` before Latchkey's
 * fetch runs, and that constructor throws a TypeError that prints the password. Instances
 * made from this one with `extend`/`create` refuse it too.
 */
export function refusingUserinfo<T>(instance: T): T {
  const defaults = prefixOf(instance as unknown as Extendable)
  const check = (input: unknown, options: Prefixed | undefined) => {
    const url = input instanceof Request ? input.url : input
    for (const candidate of [url, options?.prefixUrl, options?.prefix, defaults]) {
      const text = candidate instanceof URL ? candidate.href : candidate
      if (typeof text === 'string' && URL.canParse(text)) assertNoUserinfo(new URL(text))
    }
  }
  return new Proxy(instance as unknown as Call, {
    apply(target, self, args: [unknown, Prefixed | undefined]) {
      check(args[0], args[1])
      return Reflect.apply(target, self, args)
    },
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver)
      if (typeof value !== 'function' || typeof key !== 'string') return value
      if (methods.has(key)) {
        return (input: unknown, options?: Prefixed) => {
          check(input, options)
          return (value as Call)(input, options)
        }
      }
      if (key === 'extend' || key === 'create') {
        return (...args: unknown[]) =>
          refusingUserinfo((value as (...args: unknown[]) => unknown)(...args))
      }
      return value
    },
  }) as unknown as T
}

/** ky shows an instance's defaults only to an `extend` callback. */
function prefixOf(instance: Extendable): unknown {
  let prefix: unknown
  instance.extend((defaults) => {
    prefix = defaults.prefixUrl ?? defaults.prefix
    return {}
  })
  return prefix
}
