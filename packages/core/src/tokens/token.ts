/**
 * An access token as Latchkey keeps it: plain JSON, so any {@link TokenStore} (memory,
 * Redis) can hold it.
 */
export interface StoredToken {
  /** The token itself, a secret. */
  readonly accessToken: string
  /** The scheme the token is presented with, normalised: `Bearer` or `DPoP`. */
  readonly tokenType: string
  /** Milliseconds since the epoch at which the token request started. */
  readonly issuedAt: number
  /** Milliseconds since the epoch; counted from when the token request started. */
  readonly expiresAt: number
  /** The refresh token that goes with it, when the server issued one; a secret. */
  readonly refreshToken?: string
  /** The scope the server granted, when it said. */
  readonly scope?: string
}

/** What a grant (an OAuth token endpoint, a custom login) returns, before expiry is fixed. */
export interface TokenGrant {
  /** The token itself, a secret. */
  readonly accessToken: string
  /** The `token_type` the server sent (`Bearer`, `DPoP`). */
  readonly tokenType: string
  /** Seconds; undefined when the server did not say. */
  readonly expiresIn?: number | undefined
  /** A refresh token, when the server issued one. */
  readonly refreshToken?: string | undefined
  /** The scope granted, when the server said. */
  readonly scope?: string | undefined
}
