// Brings in the augmentation of axios's CommonJS types (see config-require.cts); a type-only
// export, so no runtime module is loaded and the declaration file keeps it.

export type { LatchkeyConfig } from './config.js'
export type {} from './config-require.cjs'
export { type AxiosInstanceLike, withAuth } from './with-auth.js'
