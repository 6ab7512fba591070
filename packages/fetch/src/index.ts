export type { LatchkeyInit } from './request-init.js'
export { type FetchLike, withAuth } from './with-auth.js'
