export type { LatchkeyConfig } from './config.js'
export { withAuth } from './with-auth.js'
