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
  /** The strategy's `name` (`bearer`, `oauth2`, ...). */
  readonly strategy: string
  /** The request method, upper case. */
  readonly method: string
  /** The origin the attempt went to (scheme, host, port; no path or userinfo). */
  readonly origin: string
  /** Path and query; secret-looking and registered secret query values are `[REDACTED]`. */
  readonly path: string
  /** Fingerprint of what the strategy presented on this attempt; null when nothing was. */
  readonly credential: string | null
  /** The hop went out without credentials because the chain left its origin. */
  readonly stripped: boolean
  /** How the attempt ended. */
  readonly outcome: AttemptOutcome
  /** The response status; null when no response came. */
  readonly status: number | null
  /** From handing the attempt to the client to its answer. */
  readonly durationMs: number
}

/** `latchkey:challenge`: a strategy answered a response (a 401's challenge, a nonce) by resending. */
export interface ChallengeMessage {
  /** Same as the `request` of the {@link RequestMessage}s of this request. */
  readonly request: number
  /** The strategy's `name` (`bearer`, `oauth2`, ...). */
  readonly strategy: string
  /** The origin that answered. */
  readonly origin: string
  /** The status of the response the strategy answered (401, or another it acts on). */
  readonly status: number
  /** The first auth scheme of `WWW-Authenticate`, if any: `Bearer`, `Digest`, `DPoP`. */
  readonly scheme: string | null
}

/** `latchkey:redirect-stripped`: the chain left its origin; no credential goes further. */
export interface StrippedMessage {
  /** Same as the `request` of the {@link RequestMessage}s of this request. */
  readonly request: number
  /** The strategy's `name` (`bearer`, `oauth2`, ...). */
  readonly strategy: string
  /** The origin the credentials were for. */
  readonly from: string
  /** The origin the redirect goes to, which gets no credentials. */
  readonly to: string
}

/** `latchkey:transport-refused`: credentials were not sent over an insecure transport. */
export interface RefusedMessage {
  /** The strategy's `name` (`bearer`, `oauth2`, ...). */
  readonly strategy: string
  /** The origin the credentials were meant for. */
  readonly origin: string
  /** Where the bytes would have gone in clear text when that is a proxy: its host. */
  readonly proxy: string | null
  /** The error code the request failed with. */
  readonly code: 'INSECURE_TRANSPORT'
}

/** `latchkey:token-cache`: a token strategy looked for a token to send. */
export interface TokenCacheMessage {
  /** The strategy's `name` (`bearer`, `oauth2`, ...). */
  readonly strategy: string
  /** The token store's class name (`MemoryTokenStore`, ...), never its contents. */
  readonly store: string
  /** True when a stored, still valid token was found. */
  readonly hit: boolean
  /** On a miss, why a token request is needed. */
  readonly reason: TokenReason | null
}

/** `latchkey:token-start`: a token request (one flight, shared by every waiter) began. */
export interface TokenStartMessage {
  /** Pairs this message with its `latchkey:token-end`, and endpoint messages with both. */
  readonly flight: number
  /** The strategy's `name` (`bearer`, `oauth2`, ...). */
  readonly strategy: string
  /** The token store's class name (`MemoryTokenStore`, ...), never its contents. */
  readonly store: string
  /** Why a token is needed (none yet, expired, rejected by the server...). */
  readonly reason: TokenReason
}

/** `latchkey:token-end`: the flight settled; every waiter got this result. */
export interface TokenEndMessage {
  /** Same as the `flight` of its {@link TokenStartMessage}. */
  readonly flight: number
  /** The strategy's `name` (`bearer`, `oauth2`, ...). */
  readonly strategy: string
  /** The token store's class name (`MemoryTokenStore`, ...), never its contents. */
  readonly store: string
  /** Same as the `reason` of its {@link TokenStartMessage}. */
  readonly reason: TokenReason
  /** Whether a new token came, and whether it replaced one by refresh. */
  readonly outcome: 'acquired' | 'refreshed' | 'failed'
  /** The OAuth `grant_type` sent, when the flight asked a token endpoint. */
  readonly grantType: string | null
  /** Requests that joined the flight while it ran, besides the one that started it. */
  readonly waiters: number
  /** Milliseconds from the start of the flight to its end. */
  readonly durationMs: number
  /** Fingerprint of the new access token. */
  readonly token: string | null
  /** Seconds the new token is valid for, when the server said. */
  readonly expiresIn: number | null
  /** On failure: the AuthError code (`UNKNOWN` for anything else), status and OAuth error. */
  readonly code: string | null
  /** On failure: the token endpoint's HTTP status, when it answered. */
  readonly status: number | null
  /** On failure: the OAuth `error` the token endpoint returned. */
  readonly oauthError: string | null
}

/** `latchkey:token-endpoint-start` / `-end`: one HTTP request to a token endpoint. */
export interface TokenEndpointMessage {
  /** Pairs a start with its end. */
  readonly call: number
  /** The token flight this call belongs to; null for a call outside one. */
  readonly flight: number | null
  /** The strategy's `name` (`bearer`, `oauth2`, ...). */
  readonly strategy: string
  /** Token requests are always POSTs. */
  readonly method: 'POST'
  /** The token endpoint's origin. */
  readonly origin: string
  /** The OAuth `grant_type` sent. */
  readonly grantType: string | null
  /** End only: the response status (null when no response came). */
  readonly status: number | null
  /** End only: milliseconds from start to end. */
  readonly durationMs: number | null
  /** End only, on failure: an AuthError code or the error's name. */
  readonly error: string | null
}
