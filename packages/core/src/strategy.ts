/**
 * `@latchkey/core/strategy`: for people writing strategies (as `@latchkey/aws` and
 * `@latchkey/oidc` do). The flow protocol and its request helpers, the token engine and
 * the way to assemble a token strategy on it, the token endpoint client, configuration
 * validation, the transport policy, and small encoding and caching helpers, so no
 * strategy package writes its own.
 *
 * Test a strategy without an HTTP client with `@latchkey/core/testing`.
 *
 * @packageDocumentation
 */
export { callSupplied, credentialUnavailable } from './errors/credential-unavailable.js'
export { invalidConfig } from './errors/invalid-config.js'
export { optionalString, requireString } from './errors/validate.js'
export { boundedResponse } from './flow/bounded-response.js'
export { defineStrategy } from './flow/define-strategy.js'
export { isStrategy } from './flow/is-strategy.js'
export { type AuthRequestInit, createAuthRequest, withHeaders, withQuery } from './flow/request.js'
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
  Transport,
} from './flow/types.js'
export { isLoopback } from './policy/origin.js'
export { assertSecureTransport } from './policy/transport.js'
export { type CredentialSource, credentialReader } from './strategies/credential-source.js'
export { rejectsToken } from './tokens/challenge.js'
export {
  type ClientAuthMethod,
  formEncode,
  requestToken,
  type SecretClientAuthMethod,
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
export { type CredentialKind, type Expiring, tokenKind } from './tokens/kind.js'
export { oauthErrorCode } from './tokens/oauth-error.js'
export {
  type ChallengeContext,
  type ChallengeVerdict,
  type OnChallenge,
  type RefreshRule,
  refreshRule,
} from './tokens/on-challenge.js'
export {
  type ResolvedTokenOptions,
  resolveTokenOptions,
  type TokenOptions,
} from './tokens/options.js'
export { type Placer, placer, type TokenPlacement } from './tokens/placement.js'
export { parseTokenResponse, type TokenType } from './tokens/response.js'
export { registerRequestSecrets, SECRET_FORM_FIELDS } from './tokens/secret-fields.js'
export type { StoredToken, TokenGrant } from './tokens/token.js'
export {
  type TokenStrategyInit,
  type TokenStrategyOptions,
  tokenStrategy,
} from './tokens/token-strategy.js'
export { waitFor } from './tokens/wait.js'
export { base64, base64Utf8 } from './util/base64.js'
export { BoundedMap } from './util/bounded-map.js'
export { fingerprint, randomId } from './util/fingerprint.js'
export { hex } from './util/hex.js'
export { hasControlCharacter, isCredentialToken, isHeaderValue, isToken } from './util/syntax.js'
