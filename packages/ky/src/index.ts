export type { LatchkeyInit } from '@latchkey/fetch'
export type { KyInstanceLike } from './ky.js'
export { withAuth } from './with-auth.js'
