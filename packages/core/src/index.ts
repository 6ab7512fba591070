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
export { Authenticator, type ExchangeOptions } from './driver/authenticator.js'
export { drive, type Transmitter } from './driver/drive.js'
export { Exchange } from './driver/exchange.js'
export type { AuthOptions, ResolvedOptions } from './driver/options.js'
export {
  AuthError,
  type AuthErrorOptions,
  type AuthErrorResponse,
  isAuthError,
} from './errors/auth-error.js'
export * from './errors/codes.js'
export type { AuthEvent, AuthEventListener, TokenEvent, TokenReason } from './events.js'
export { bytesBody, encodeFormData, oneShotBody, replayableBody } from './flow/body.js'
export { defineStrategy } from './flow/define-strategy.js'
export { diffHeaders } from './flow/headers.js'
export { isStrategy } from './flow/is-strategy.js'
export { type AuthRequestInit, createAuthRequest, withHeaders, withQuery } from './flow/request.js'
export { lazyResponse } from './flow/response.js'
export { callerPlaced, runFlow } from './flow/run.js'
export type {
  AuthBody,
  AuthFlow,
  AuthRequest,
  AuthResponse,
  AuthStrategy,
  ClientCertificate,
  Clock,
  FlowContext,
  FlowPolicy,
  SecretPlacement,
  TlsSource,
  Transport,
} from './flow/types.js'
export {
  followsOnPageOrigin,
  hiddenRedirect,
  isBrowser,
  keptByBrowserRedirects,
} from './policy/browser.js'
export { isLoopback } from './policy/origin.js'
export { ALWAYS_STRIPPED, isRedirectStatus, resolveRedirect } from './policy/redirect.js'
export { assertSecureTransport } from './policy/transport.js'
export { redactSecrets } from './redact/redact.js'
export { REDACTED, SecretSet } from './redact/secret-set.js'
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
export { rejectsToken } from './tokens/challenge.js'
export {
  type ClientAuthMethod,
  formEncode,
  requestToken,
  type TokenClient,
  type TokenRequest,
} from './tokens/endpoint.js'
export {
  type GrantContext,
  TokenEngine,
  type TokenEngineOptions,
  type TokenSource,
} from './tokens/engine.js'
export { tokenFlow } from './tokens/flow.js'
export {
  type ResolvedTokenOptions,
  resolveTokenOptions,
  type TokenOptions,
} from './tokens/options.js'
export { type Placer, placer, type TokenPlacement } from './tokens/placement.js'
export { parseTokenResponse, type TokenType } from './tokens/response.js'
export { MemoryTokenStore, type TokenStore } from './tokens/store.js'
export type { StoredToken, TokenGrant } from './tokens/token.js'
export { tokenStrategy } from './tokens/token-strategy.js'
export { waitFor } from './tokens/wait.js'
