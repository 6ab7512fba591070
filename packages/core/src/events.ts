/**
 * Typed lifecycle events. They never carry a secret: only names, origins, statuses and
 * codes.
 */
export type AuthEvent =
  | TokenEvent
  | StoreEvent
  | {
      /** A strategy asked to send the request again (after a 401, a challenge, ...). */
      readonly type: 'retried'
      /** The strategy's `name`. */
      readonly strategy: string
      /** The origin of the request (scheme, host, port). */
      readonly origin: string
      /** The status of the response that asked for the retry. */
      readonly status: number
    }
  | {
      /** A retry was wanted but could not happen; the response went to the caller as is. */
      readonly type: 'retry-skipped'
      /** The strategy's `name`. */
      readonly strategy: string
      /** The origin of the request (scheme, host, port). */
      readonly origin: string
      /** The status of the response that asked for the retry. */
      readonly status: number
      /** Why: the body was a stream already sent, or the strategy's retry limit was reached. */
      readonly reason: 'BODY_NOT_REPLAYABLE' | 'RETRY_LIMIT'
    }
  | {
      /**
       * In a browser, a 401 from another origin than the page's with no `WWW-Authenticate`
       * the page can read: most likely the server sends one but does not list it in
       * `Access-Control-Expose-Headers`, so no strategy could answer it. `message` names the fix.
       */
      readonly type: 'challenge-hidden'
      /** The strategy's `name`. */
      readonly strategy: string
      /** The origin of the request (scheme, host, port). */
      readonly origin: string
      /** The 401. */
      readonly status: number
      /** What to change on the server (expose `WWW-Authenticate`). */
      readonly message: string
    }
  | {
      /** A redirect left the origin: credentials were stripped for the rest of the chain. */
      readonly type: 'stripped'
      /** The origin that redirected. */
      readonly from: string
      /** The origin redirected to, which gets no credentials. */
      readonly to: string
    }

/** Token lifecycle, from the token engine every token strategy shares. */
export type TokenEvent =
  | {
      /** A new token was obtained (first use, expiry, or after a rejection). */
      readonly type: 'acquired' | 'refreshed'
      /** The strategy's `name`. */
      readonly strategy: string
      /** Why: `cold` (none yet), `expiring` (proactive), `expired`, `rejected` (a 401). */
      readonly reason: TokenReason
      /** Seconds the new token is valid for. */
      readonly expiresIn: number
    }
  | {
      /** Obtaining a token failed; requests waiting for it got `code`. */
      readonly type: 'failed'
      /** The strategy's `name`. */
      readonly strategy: string
      /** Why a token was being obtained. */
      readonly reason: TokenReason
      /** The {@link AuthError} code the waiting requests failed with. */
      readonly code: string
      /** The token endpoint's HTTP status, when it answered. */
      readonly status?: number
      /** The OAuth `error` the token endpoint returned, if any. */
      readonly oauthError?: string
    }

/**
 * A shared token store's health (`@latchkey/redis`). While degraded, each process keeps
 * its own copy and its own single flight; the store comes back by itself.
 */
export type StoreEvent =
  | {
      /** The store failed or timed out: this process works on its own copy until it returns. */
      readonly type: 'store-degraded'
      /** Which store (`redis`). */
      readonly store: string
      /** `TIMEOUT` (no answer in time) or `UNAVAILABLE` (the call failed). */
      readonly code: 'TIMEOUT' | 'UNAVAILABLE'
    }
  | {
      /** The store answers again: processes coordinate through it again. */
      readonly type: 'store-recovered'
      /** Which store (`redis`). */
      readonly store: string
    }

/** Why a token strategy needs a new token: `cold` (none yet), `expiring` (proactive refresh before expiry), `expired`, `rejected` (the server refused the current one). */
export type TokenReason = 'cold' | 'expiring' | 'expired' | 'rejected'

/** Receives every {@link AuthEvent} of a client (`onEvent` of `withAuth`). A listener that throws is reported, never breaks the request. */
export type AuthEventListener = (event: AuthEvent) => void
