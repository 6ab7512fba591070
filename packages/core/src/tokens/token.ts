/**
 * An access token as Latchkey keeps it: plain JSON, so any {@link TokenStore} (memory,
 * Redis) can hold it.
 */
export interface StoredToken {
  readonly accessToken: string
  /** The scheme the token is presented with, normalised: `Bearer` or `DPoP`. */
  readonly tokenType: string
  /** Milliseconds since the epoch at which the token request started. */
  readonly issuedAt: number
  /** Milliseconds since the epoch; counted from when the token request started. */
  readonly expiresAt: number
  readonly refreshToken?: string
  readonly scope?: string
}

/** What a grant (an OAuth token endpoint, a custom login) returns, before expiry is fixed. */
export interface TokenGrant {
  readonly accessToken: string
  readonly tokenType: string
  /** Seconds; undefined when the server did not say. */
  readonly expiresIn?: number | undefined
  readonly refreshToken?: string | undefined
  readonly scope?: string | undefined
}
