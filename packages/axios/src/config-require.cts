// config.ts's `declare module 'axios'` augments the axios types an ESM project reads
// (index.d.ts). A CommonJS project reads axios's index.d.cts, a separate declaration: this
// file, being CommonJS, augments that one the same way. (The import puts that declaration
// in the program; without it TypeScript finds no 'axios' to augment. A re-export, so that
// the declaration file keeps it.)
import type { LatchkeyConfig } from './config.js'

export type { AxiosRequestConfig } from 'axios'

declare module 'axios' {
  interface AxiosRequestConfig extends LatchkeyConfig {}
}
