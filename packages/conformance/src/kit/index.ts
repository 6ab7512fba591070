export {
  createTestPki,
  encryptKey,
  type KeyPair,
  type TestPki,
  toPkcs12,
} from './certificates.js'
export type { Hop } from './hop.js'
export { type Kit, startKit } from './kit.js'
export type { Handler } from './origin-server.js'
export { type Echo, json } from './routes.js'
