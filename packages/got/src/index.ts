export type { LatchkeyContext } from './context.js'
export { withAuth } from './with-auth.js'
