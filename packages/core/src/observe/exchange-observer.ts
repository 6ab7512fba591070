import type { AuthRequest, AuthResponse, AuthStrategy } from '../flow/types.js'
import { isRedirectStatus } from '../policy/redirect.js'
import type { SecretSet } from '../redact/secret-set.js'
import { challengeChannel, requestChannel, strippedChannel } from './channels.js'
import { presentedCredential } from './credential.js'
import type { AttemptOutcome, RequestMessage } from './messages.js'
import { auditPath } from './path.js'

let requests = 0

/** An attempt handed to the client, waiting for the answer that settles it. */
interface Pending {
  readonly fields: Omit<RequestMessage, 'outcome' | 'status' | 'durationMs'>
  readonly startedAt: number
  response?: AuthResponse
}

/**
 * What one {@link Exchange} publishes: a `latchkey:request` message per attempt, and its
 * challenges answered and redirects stripped. Created only while someone listens, so an
 * exchange nobody observes pays one check per request.
 */
export class ExchangeObserver {
  readonly #request = ++requests
  readonly #strategy: AuthStrategy
  readonly #secrets: SecretSet
  #hop = 0
  #attempt = 0
  #pending: Pending | undefined

  constructor(strategy: AuthStrategy, secrets: SecretSet) {
    this.#strategy = strategy
    this.#secrets = secrets
  }

  /** A new hop is being prepared: an attempt still open got no answer. */
  nextHop(): void {
    this.closed()
    this.#hop++
    this.#attempt = 0
  }

  /** The exchange hands `sent` (built from `clean`) to the client. */
  sending(clean: AuthRequest, sent: AuthRequest, stripped: boolean): void {
    if (this.#pending?.response !== undefined) this.#retried(this.#pending.response)
    else this.#settle('error')
    this.#attempt++
    const { secrets } = this.#strategy
    this.#pending = {
      fields: {
        request: this.#request,
        hop: this.#hop,
        attempt: this.#attempt,
        strategy: this.#strategy.name,
        method: sent.method,
        origin: sent.url.origin,
        path: auditPath(sent.url, secrets.query, this.#secrets),
        credential: stripped ? null : presentedCredential(clean, sent, secrets),
        stripped,
      },
      startedAt: performance.now(),
    }
  }

  /** The answer to the attempt in flight. */
  answered(response: AuthResponse): void {
    if (this.#pending !== undefined) this.#pending.response = response
  }

  /** The exchange is done with the answer: the strategy did not resend. */
  settled(): void {
    const status = this.#pending?.response?.status
    if (status === undefined) {
      this.#settle('error')
      return
    }
    this.#settle(
      isRedirectStatus(status)
        ? 'redirected'
        : status === 401 || status === 403
          ? 'refused'
          : 'answered',
    )
  }

  /** The client follows a redirect; one it follows without showing it (got) settles here. */
  followed(): void {
    if (this.#pending?.response === undefined) this.#settle('redirected')
  }

  /** The exchange closed early (an error, an abort). */
  closed(): void {
    if (this.#pending?.response === undefined) this.#settle('error')
    else this.settled()
  }

  stripped(from: string, to: string): void {
    if (!strippedChannel.hasSubscribers) return
    strippedChannel.publish(
      Object.freeze({ request: this.#request, strategy: this.#strategy.name, from, to }),
    )
  }

  #retried(response: AuthResponse): void {
    const origin = this.#pending?.fields.origin
    this.#settle('retried')
    if (!challengeChannel.hasSubscribers || origin === undefined) return
    challengeChannel.publish(
      Object.freeze({
        request: this.#request,
        strategy: this.#strategy.name,
        origin,
        status: response.status,
        scheme: schemeOf(response.headers.get('www-authenticate')),
      }),
    )
  }

  #settle(outcome: AttemptOutcome): void {
    const pending = this.#pending
    if (pending === undefined) return
    this.#pending = undefined
    if (!requestChannel.hasSubscribers) return
    requestChannel.publish(
      Object.freeze({
        ...pending.fields,
        outcome,
        status: outcome === 'error' ? null : (pending.response?.status ?? null),
        durationMs: performance.now() - pending.startedAt,
      }),
    )
  }
}

/** The first auth scheme of a `WWW-Authenticate` value: a token, never its parameters. */
function schemeOf(header: string | null): string | null {
  return header?.match(/^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)/)?.[1] ?? null
}

/** An observer for a new exchange, or undefined while nobody listens to its channels. */
export function observeExchange(
  strategy: AuthStrategy,
  secrets: SecretSet,
): ExchangeObserver | undefined {
  if (
    !requestChannel.hasSubscribers &&
    !challengeChannel.hasSubscribers &&
    !strippedChannel.hasSubscribers
  )
    return undefined
  return new ExchangeObserver(strategy, secrets)
}
