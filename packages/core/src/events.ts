/**
 * Typed lifecycle events. They never carry a secret: only names, origins, statuses and
 * codes.
 */
export type AuthEvent =
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
      /** A redirect left the origin: credentials were stripped for the rest of the chain. */
      readonly type: 'stripped'
      readonly from: string
      readonly to: string
    }

export type AuthEventListener = (event: AuthEvent) => void
