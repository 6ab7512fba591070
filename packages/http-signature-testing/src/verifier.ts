export {
  type HttpSignatureAnswer,
  type HttpSignatureEndpointOptions,
  httpSignatureEndpoint,
  receivedRequest,
} from './endpoint.js'
export {
  type CoveredComponent,
  componentValue,
  type FieldType,
  type ReceivedRequest,
} from './verifier/received.js'
export {
  type HttpSignatureVerdict,
  type HttpSignatureVerifierOptions,
  type VerifiedSignature,
  type VerifierAlgorithm,
  type VerifierKey,
  verifyHttpSignature,
} from './verifier/verify.js'
