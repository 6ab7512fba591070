import { authorizationCode } from './grants/authorization-code.js'
import { browserLogin } from './grants/browser-login.js'
import { clientCredentials } from './grants/client-credentials.js'
import { deviceCode } from './grants/device-code.js'
import { jwtBearer } from './grants/jwt-bearer.js'
import { protectedResource } from './grants/protected-resource.js'
import { refreshToken } from './grants/refresh-token.js'
import { tokenExchange } from './grants/token-exchange.js'
import { webLogin } from './grants/web-login.js'

export type {
  ClientAuthMethod,
  OidcClientOptions,
  PrivateKeyInput,
} from './config.js'
export type {
  AuthorizationUrl,
  OidcAuthorizationCodeOptions,
} from './grants/authorization-code.js'
export type {
  BrowserLogin,
  LoginStorage,
  OidcBrowserLoginOptions,
} from './grants/browser-login.js'
export type { OidcClientCredentialsOptions } from './grants/client-credentials.js'
export type { DeviceAuthorization, OidcDeviceCodeOptions } from './grants/device-code.js'
export type { JwtBearerAssertion, OidcJwtBearerOptions } from './grants/jwt-bearer.js'
export type { OidcProtectedResourceOptions } from './grants/protected-resource.js'
export type { OidcRefreshTokenOptions } from './grants/refresh-token.js'
export type { OidcTokenExchangeOptions, TokenInput } from './grants/token-exchange.js'
export type { OidcWebLoginOptions, WebLogin } from './grants/web-login.js'
export type { AuthorizationParameters, PendingLogin } from './login/authorization.js'
export type { OidcRegistrationOptions } from './login/registration.js'

/**
 * OpenID Connect and modern OAuth strategies, on openid-client: discovery from the
 * issuer, `client_secret_basic` / `client_secret_post` / `private_key_jwt`, DPoP, and the
 * token engine's caching, single-flight refresh and redaction, through every adapter.
 *
 * @example
 * ```ts
 * import { oidc } from '@latchkey/oidc'
 * import { withAuth } from '@latchkey/ky'
 *
 * const api = withAuth(ky.create({ prefixUrl: 'https://api.example.com' }),
 *   oidc.clientCredentials({ issuer, clientId, clientSecret, dpop: true }))
 * ```
 */
export const oidc = Object.freeze({
  /** A person logs in through a browser on this machine (a CLI, a desktop app): code + PKCE on loopback. */
  authorizationCode,
  /** A person logs in to a server-rendered web app: the redirect halves `start` and `finish`. */
  webLogin,
  /** A person logs in to an API known only by its URL (RFC 9728 metadata). */
  protectedResource,
  /** A person logs in to a single-page app (code + PKCE, state kept in `sessionStorage`). */
  browserLogin,
  /** A service authenticates as itself (client credentials grant). */
  clientCredentials,
  /** Tokens from a refresh token you hold. */
  refreshToken,
  /** A person approves the login on another device (RFC 8628). */
  deviceCode,
  /** Trades one token for another (RFC 8693). */
  tokenExchange,
  /** A JWT assertion as the grant (RFC 7523), as service accounts use it. */
  jwtBearer,
})
