export type {
  AwsCredentialProvider,
  AwsCredentialSource,
  AwsCredentials,
} from './credentials.js'
export type { HashInput, Sha256Constructor, Sha256Hash } from './sha256.js'
export { type AwsSigV4Options, awsSigV4 } from './sigv4.js'
