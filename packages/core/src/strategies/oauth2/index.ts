import { clientCredentials } from './client-credentials.js'
import { password } from './password.js'
import { refreshToken } from './refresh-token.js'

export type { ClientCredentialsOptions } from './client-credentials.js'
export type { OAuth2ClientOptions } from './config.js'
export type { PasswordOptions } from './password.js'
export type { RefreshTokenOptions } from './refresh-token.js'

/** OAuth 2 grants, all on the shared token engine. */
export const oauth2 = Object.freeze({ clientCredentials, refreshToken, password })
