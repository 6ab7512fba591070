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
      readonly strategy: string
      readonly origin: string
      readonly status: number
    }
  | {
      /** A retry was wanted but could not happen; the response went to the caller as is. */
      readonly type: 'retry-skipped'
      readonly strategy: string
      readonly origin: string
      readonly status: number
      readonly reason: 'BODY_NOT_REPLAYABLE' | 'RETRY_LIMIT'
    }
  | {
      /**
       * In a browser, a 401 from another origin than the page's with no `WWW-Authenticate`
       * the page can read: most likely the server sends one but does not list it in
       * `Access-Control-Expose-Headers`, so no strategy could answer it. `message` names the fix.
       */
      readonly type: 'challenge-hidden'
      readonly strategy: string
      readonly origin: string
      readonly status: number
      readonly message: string
    }
  | {
      /** A redirect left the origin: credentials were stripped for the rest of the chain. */
      readonly type: 'stripped'
      readonly from: string
      readonly to: string
    }

/** Token lifecycle, from the token engine every token strategy shares. */
export type TokenEvent =
  | {
      /** A new token was obtained (first use, expiry, or after a rejection). */
      readonly type: 'acquired' | 'refreshed'
      readonly strategy: string
      /** Why: `cold` (none yet), `expiring` (proactive), `expired`, `rejected` (a 401). */
      readonly reason: TokenReason
      /** Seconds the new token is valid for. */
      readonly expiresIn: number
    }
  | {
      /** Obtaining a token failed; requests waiting for it got `code`. */
      readonly type: 'failed'
      readonly strategy: string
      readonly reason: TokenReason
      readonly code: string
      readonly status?: number
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
      readonly store: string
      /** `TIMEOUT` (no answer in time) or `UNAVAILABLE` (the call failed). */
      readonly code: 'TIMEOUT' | 'UNAVAILABLE'
    }
  | {
      /** The store answers again: processes coordinate through it again. */
      readonly type: 'store-recovered'
      readonly store: string
    }

export type TokenReason = 'cold' | 'expiring' | 'expired' | 'rejected'

export type AuthEventListener = (event: AuthEvent) => void
