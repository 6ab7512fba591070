export type { LatchkeyInit } from '@latchkey/fetch'
export { withAuth } from './with-auth.js'
