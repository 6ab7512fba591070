import type { StoredToken, TokenGrant } from './token.js'

/** What the token engine needs of anything it caches: when it was obtained, when it expires. */
export interface Expiring {
  /** Milliseconds since the epoch at which the request for it started. */
  readonly issuedAt: number
  /** Milliseconds since the epoch; `Infinity` for a credential that does not expire. */
  readonly expiresAt: number
  /** The refresh token that obtains the next one, for sources that refresh. */
  readonly refreshToken?: string
}

/**
 * What the engine caches (`C`) and how it is made from what a source returns (`G`):
 * OAuth tokens ({@link tokenKind}), AWS credentials, any credential with an expiry.
 */
export interface CredentialKind<C extends Expiring, G> {
  /**
   * The cached form of `grant`, whose request started at `startedAt`. `refreshToken` is
   * the one to keep when the grant brings none. May throw (an `AuthError`) for junk.
   */
  readonly issue: (grant: G, startedAt: number, refreshToken: string | undefined) => C
  /** Tells two credentials apart: the one a server refused is never handed out again. */
  readonly id: (credential: C) => string
}

/** OAuth access tokens; `defaultExpiresIn` (seconds) when the server does not say. */
export function tokenKind(defaultExpiresIn: number): CredentialKind<StoredToken, TokenGrant> {
  return {
    id: (token) => token.accessToken,
    issue(grant, startedAt, previousRefreshToken) {
      const expiresIn = grant.expiresIn ?? defaultExpiresIn
      const refreshToken = grant.refreshToken ?? previousRefreshToken
      return {
        accessToken: grant.accessToken,
        tokenType: grant.tokenType,
        issuedAt: startedAt,
        expiresAt: startedAt + expiresIn * 1000,
        ...(refreshToken !== undefined && { refreshToken }),
        ...(grant.scope !== undefined && { scope: grant.scope }),
      }
    },
  }
}
