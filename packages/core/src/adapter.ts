/**
 * `@latchkey/core/adapter`: for people plugging Latchkey into an HTTP client (as
 * `@latchkey/fetch`, `-ky`, `-axios` and `-got` do). The `Authenticator` a `withAuth`
 * creates and its `send()`, which owns a request's whole lifecycle (exchange, hops,
 * retries, redirects, closing, redaction) so an adapter only translates types; the
 * per-request `Exchange` for clients that drive hops themselves; the neutral request and
 * body types adapters translate to.
 *
 * Prove an adapter with `@latchkey/conformance`.
 *
 * @packageDocumentation
 */
export { Authenticator, type ExchangeOptions } from './driver/authenticator.js'
export { drive, type Transmitter } from './driver/drive.js'
export { Exchange, type HeaderChange } from './driver/exchange.js'
export type { AuthOptions, ResolvedOptions } from './driver/options.js'
export { bytesBody, encodeFormData, oneShotBody, replayableBody } from './flow/body.js'
export { diffHeaders } from './flow/headers.js'
export { peekBufferedText, peekResponseText } from './flow/peek-text.js'
export { lazyResponse } from './flow/response.js'
export type {
  AuthBody,
  AuthRequest,
  AuthResponse,
  AuthStrategy,
  ClientCertificate,
} from './flow/types.js'
export {
  followsOnPageOrigin,
  hiddenRedirect,
  isBrowser,
  keptByBrowserRedirects,
} from './policy/browser.js'
export { agentProxy } from './policy/proxy.js'
export {
  ALWAYS_STRIPPED,
  isRedirectStatus,
  REQUEST_BODY_HEADERS,
  resolveRedirect,
} from './policy/redirect.js'
export { assertNoUserinfo } from './policy/userinfo.js'
export { redactSecrets } from './redact/redact.js'
export { REDACTED, SecretSet } from './redact/secret-set.js'
export { base64Utf8 } from './util/base64.js'
