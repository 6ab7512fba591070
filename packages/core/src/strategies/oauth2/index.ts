import { clientCredentials } from './client-credentials.js'
import { password } from './password.js'
import { refreshToken } from './refresh-token.js'

export type { ClientCredentialsOptions } from './client-credentials.js'
export type { OAuth2ClientOptions } from './config.js'
export type { PasswordOptions } from './password.js'
export type { RefreshTokenOptions } from './refresh-token.js'

/** OAuth 2 grants, all on the shared token engine. */
export const oauth2 = Object.freeze({
  /** The client credentials grant: a service authenticating as itself. */
  clientCredentials,
  /** Tokens from a refresh token you were given (rotated tokens kept in the store). */
  refreshToken,
  /** The resource owner password grant, for legacy first-party systems. */
  password,
})
