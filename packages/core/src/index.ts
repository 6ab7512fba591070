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
export type { AuthEvent, AuthEventListener } from './events.js'
export { bytesBody, encodeFormData, oneShotBody, replayableBody } from './flow/body.js'
export { defineStrategy } from './flow/define-strategy.js'
export { diffHeaders } from './flow/headers.js'
export { isStrategy } from './flow/is-strategy.js'
export { type AuthRequestInit, createAuthRequest, withHeaders, withQuery } from './flow/request.js'
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
export { isLoopback } from './policy/origin.js'
export { ALWAYS_STRIPPED, isRedirectStatus, resolveRedirect } from './policy/redirect.js'
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
export { route } from './strategies/route.js'
