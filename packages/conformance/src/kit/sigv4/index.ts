export {
  canonicalPath,
  canonicalQuery,
  canonicalRequest,
  type ReceivedRequest,
} from './canonical.js'
export { type SigV4Answer, sigv4Endpoint } from './endpoint.js'
export {
  type SigV4Key,
  type SigV4Verdict,
  type SigV4VerifierOptions,
  signatureOf,
  stringToSign,
  verifySigV4,
} from './verify.js'
