export {
  canonicalPath,
  canonicalQuery,
  canonicalRequest,
  type ReceivedRequest,
} from './kit/canonical.js'
export { type SigV4Answer, sigv4Endpoint } from './kit/endpoint.js'
export {
  type SigV4Key,
  type SigV4Verdict,
  type SigV4VerifierOptions,
  signatureOf,
  stringToSign,
  verifySigV4,
} from './kit/verify.js'
