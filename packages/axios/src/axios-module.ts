import axios from 'axios'

/** What Latchkey uses of the axios module: its classes, and how it picks adapters. */
export type AxiosModule = Pick<
  typeof axios,
  'AxiosError' | 'AxiosHeaders' | 'getAdapter' | 'isAxiosError'
>

/** An axios instance, as far as telling which copy of axios made it goes. */
interface Instance {
  readonly interceptors: { readonly request: object }
}

/**
 * The axios module that made `client`. In Node.js a CommonJS app's `require('axios')` loads
 * axios's CommonJS build while this package's `import 'axios'` loads its ESM build: two
 * copies, each with its own `AxiosError` (the dual-package hazard). Errors and adapters must
 * come from the app's copy, or its `error instanceof axios.AxiosError` is false. Instances
 * carry no reference to their module, but each copy has its own interceptor-manager class.
 */
export function axiosModuleOf(client: Instance): AxiosModule {
  const manager = client.interceptors.request.constructor
  if (manager === axios.interceptors.request.constructor) return axios
  const required = requireAxios()
  return required?.interceptors.request.constructor === manager ? required : axios
}

/** axios as `require('axios')` from here gives it, in Node.js; elsewhere there is one copy. */
function requireAxios(): typeof axios | undefined {
  // process.getBuiltinModule (Node.js 20.16+) keeps bundlers from seeing a Node.js import.
  const { process } = globalThis as {
    process?: { getBuiltinModule?: (id: string) => unknown }
  }
  const module = process?.getBuiltinModule?.('node:module') as
    | { createRequire(from: string): (id: string) => unknown }
    | undefined
  if (module === undefined) return undefined
  try {
    return module.createRequire(import.meta.url)('axios') as typeof axios
  } catch {
    return undefined // no CommonJS build to be found: the app has the same copy as we do
  }
}
