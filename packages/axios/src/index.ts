import './config-require.cjs'

export type { LatchkeyConfig } from './config.js'
export { type AxiosInstanceLike, withAuth } from './with-auth.js'
