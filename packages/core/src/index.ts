/**
 * `@latchkey/core`: what applications use. Strategies and their options, the options of
 * every adapter's `withAuth`, errors and their codes, events, token stores, and the
 * challenge parser for reading `WWW-Authenticate` yourself.
 *
 * Writing a strategy? See `@latchkey/core/strategy`. Writing an adapter for another
 * client? See `@latchkey/core/adapter`.
 *
 * @packageDocumentation
 */
export { type ChallengeHeader, findChallenge, findChallenges } from './challenge/find.js'
export { type ChallengeInit, formatChallenge, formatChallenges } from './challenge/format.js'
export { parseChallengeList, parseChallenges } from './challenge/parse.js'
export type {
  Challenge,
  ChallengeList,
  ChallengeSyntaxCode,
  ChallengeSyntaxError,
} from './challenge/types.js'
export type { DigestAlgorithmName } from './digest/algorithms.js'
export { type DigestOptions, digest } from './digest/digest.js'
export { type AuthOptions, DEFAULT_MAX_RESPONSE_BYTES } from './driver/options.js'
export {
  AuthError,
  type AuthErrorOptions,
  type AuthErrorResponse,
  isAuthError,
} from './errors/auth-error.js'
export * from './errors/codes.js'
export type {
  AuthEvent,
  AuthEventListener,
  StoreEvent,
  TokenEvent,
  TokenReason,
} from './events.js'
export type {
  AuthStrategy,
  ClientCertificate,
  Clock,
  TlsSource,
  Transport,
} from './flow/types.js'
export {
  AUDIT_SCHEMA_VERSION,
  type AuditRecord,
  type AuditTrailOptions,
  auditTrail,
} from './observe/audit.js'
export { CHANNELS, type ChannelMessages, type ChannelName } from './observe/channels.js'
export { credentialFingerprint, setFingerprintKey } from './observe/credential.js'
export type {
  AttemptOutcome,
  ChallengeMessage,
  RefusedMessage,
  RequestMessage,
  StrippedMessage,
  TokenCacheMessage,
  TokenEndMessage,
  TokenEndpointMessage,
  TokenStartMessage,
} from './observe/messages.js'
export { subscribe } from './observe/subscribe.js'
export {
  type ProxyAuth,
  type ProxyAuthOptions,
  type ProxyAuthScheme,
  proxyAuth,
} from './proxy/auth.js'
export { REDACTED } from './redact/secret-set.js'
export { type ApiKeyOptions, apiKey } from './strategies/api-key.js'
export { type BasicOptions, basic } from './strategies/basic.js'
export { bearer } from './strategies/bearer.js'
export { chain } from './strategies/chain.js'
export type { ClientCertificateSource } from './strategies/client-certificate.js'
export type { CredentialSource } from './strategies/credential-source.js'
export { mtls } from './strategies/mtls.js'
export { none } from './strategies/none.js'
export {
  type ClientCredentialsOptions,
  type OAuth2ClientOptions,
  oauth2,
  type PasswordOptions,
  type RefreshTokenOptions,
} from './strategies/oauth2/index.js'
export { route } from './strategies/route.js'
export {
  type LoginContext,
  type LoginResult,
  type TokenLoginOptions,
  tokenLogin,
} from './strategies/token-login.js'
export type { ClientAuthMethod } from './tokens/endpoint.js'
export { UNREGISTERED_ERROR } from './tokens/oauth-error.js'
export {
  CHALLENGE_BODY_LIMIT,
  type ChallengeContext,
  type ChallengeVerdict,
  type OnChallenge,
} from './tokens/on-challenge.js'
export type { TokenOptions } from './tokens/options.js'
export type { TokenPlacement } from './tokens/placement.js'
export {
  MemoryTokenStore,
  type StoreContext,
  type TokenLease,
  type TokenStore,
} from './tokens/store.js'
export type { StoredToken } from './tokens/token.js'
