import { assertNoUserinfo } from '@latchkey/core'
import type { KyInstance, Options } from 'ky'

const methods = new Set(['get', 'post', 'put', 'patch', 'head', 'delete'])

/**
 * The instance, refusing a request whose URL (or prefixUrl) carries userinfo with
 * `CREDENTIALS_IN_URL`, as every adapter does. ky builds its `Request` before Latchkey's
 * fetch runs, and that constructor throws a TypeError that prints the password. Instances
 * made from this one with `extend`/`create` refuse it too.
 */
export function refusingUserinfo(instance: KyInstance): KyInstance {
  const prefixUrl = prefixOf(instance)
  const check = (input: unknown, options: Options | undefined) => {
    for (const candidate of [
      input instanceof Request ? input.url : input,
      options?.prefixUrl ?? prefixUrl,
    ]) {
      const text = candidate instanceof URL ? candidate.href : candidate
      if (typeof text === 'string' && URL.canParse(text)) assertNoUserinfo(new URL(text))
    }
  }
  return new Proxy(instance, {
    apply(target, self, args: [unknown, Options | undefined]) {
      check(args[0], args[1])
      return Reflect.apply(target, self, args)
    },
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver)
      if (typeof value !== 'function' || typeof key !== 'string') return value
      if (methods.has(key)) {
        return (input: unknown, options?: Options) => {
          check(input, options)
          return (value as (input: unknown, options?: Options) => unknown)(input, options)
        }
      }
      if (key === 'extend' || key === 'create') {
        return (...args: unknown[]) => {
          const made = (value as (...args: unknown[]) => KyInstance)(...args)
          return refusingUserinfo(made)
        }
      }
      return value
    },
  })
}

/** ky shows an instance's defaults only to an `extend` callback. */
function prefixOf(instance: KyInstance): unknown {
  let prefixUrl: unknown
  instance.extend((defaults) => {
    prefixUrl = defaults.prefixUrl
    return {}
  })
  return prefixUrl
}
