export type { LatchkeyInit } from './request-init.js'
export { authenticateFetch, type FetchLike, withAuth } from './with-auth.js'
