import type { TokenReason } from '../events.js'

/**
 * What the channels carry. Plain frozen objects with stable field names; never a secret:
 * a credential or token appears only as a {@link credentialFingerprint}, a URL only as an
 * origin, or as a path whose secret query values are replaced.
 */

/** How one attempt of a request ended, from the credential's point of view. */
export type AttemptOutcome =
  /** The server answered (any status the strategy did not act on, 401 and 403 aside). */
  | 'answered'
  /** A final 401 or 403: the server refused what was presented. */
  | 'refused'
  /** The strategy answered the response by sending again (a refresh, a challenge). */
  | 'retried'
  /** A redirect response; `status` is null when the client followed it itself (got). */
  | 'redirected'
  /** No response: the connection failed, the caller aborted, or a later step threw. */
  | 'error'

/** `latchkey:request`: one message per attempt an exchange sent (each hop, each retry). */
export interface RequestMessage {
  /** Identifies the logical request (all its hops and retries) within this process. */
  readonly request: number
  /** 1 for the first hop, +1 for each redirect followed. */
  readonly hop: number
  /** 1 for the first attempt of the hop, +1 for each resend the strategy asked for. */
  readonly attempt: number
  readonly strategy: string
  readonly method: string
  readonly origin: string
  /** Path and query; secret-looking and registered secret query values are `[REDACTED]`. */
  readonly path: string
  /** Fingerprint of what the strategy presented on this attempt; null when nothing was. */
  readonly credential: string | null
  /** The hop went out without credentials because the chain left its origin. */
  readonly stripped: boolean
  readonly outcome: AttemptOutcome
  readonly status: number | null
  /** From handing the attempt to the client to its answer. */
  readonly durationMs: number
}

/** `latchkey:challenge`: a strategy answered a response (a 401's challenge, a nonce) by resending. */
export interface ChallengeMessage {
  readonly request: number
  readonly strategy: string
  readonly origin: string
  readonly status: number
  /** The first auth scheme of `WWW-Authenticate`, if any: `Bearer`, `Digest`, `DPoP`. */
  readonly scheme: string | null
}

/** `latchkey:redirect-stripped`: the chain left its origin; no credential goes further. */
export interface StrippedMessage {
  readonly request: number
  readonly strategy: string
  readonly from: string
  readonly to: string
}

/** `latchkey:transport-refused`: credentials were not sent over an insecure transport. */
export interface RefusedMessage {
  readonly strategy: string
  readonly origin: string
  /** Where the bytes would have gone in clear text when that is a proxy: its host. */
  readonly proxy: string | null
  readonly code: 'INSECURE_TRANSPORT'
}

/** `latchkey:token-cache`: a token strategy looked for a token to send. */
export interface TokenCacheMessage {
  readonly strategy: string
  readonly store: string
  readonly hit: boolean
  /** On a miss, why a token request is needed. */
  readonly reason: TokenReason | null
}

/** `latchkey:token-start`: a token request (one flight, shared by every waiter) began. */
export interface TokenStartMessage {
  /** Pairs this message with its `latchkey:token-end`, and endpoint messages with both. */
  readonly flight: number
  readonly strategy: string
  readonly store: string
  readonly reason: TokenReason
}

/** `latchkey:token-end`: the flight settled; every waiter got this result. */
export interface TokenEndMessage {
  readonly flight: number
  readonly strategy: string
  readonly store: string
  readonly reason: TokenReason
  readonly outcome: 'acquired' | 'refreshed' | 'failed'
  /** The OAuth `grant_type` sent, when the flight asked a token endpoint. */
  readonly grantType: string | null
  /** Requests that joined the flight while it ran, besides the one that started it. */
  readonly waiters: number
  readonly durationMs: number
  /** Fingerprint of the new access token. */
  readonly token: string | null
  readonly expiresIn: number | null
  /** On failure: the AuthError code (`UNKNOWN` for anything else), status and OAuth error. */
  readonly code: string | null
  readonly status: number | null
  readonly oauthError: string | null
}

/** `latchkey:token-endpoint-start` / `-end`: one HTTP request to a token endpoint. */
export interface TokenEndpointMessage {
  /** Pairs a start with its end. */
  readonly call: number
  readonly flight: number | null
  readonly strategy: string
  readonly method: 'POST'
  readonly origin: string
  readonly grantType: string | null
  /** End only: the response status (null when no response came). */
  readonly status: number | null
  readonly durationMs: number | null
  /** End only, on failure: an AuthError code or the error's name. */
  readonly error: string | null
}
