export type { LatchkeyContext } from './context.js'
export { type GotLike, withAuth } from './with-auth.js'
