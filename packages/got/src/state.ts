import type { AuthRequest, Exchange } from '@latchkey/core/adapter'
import type { HookOptions as Options } from './options.js'
import type { HttpsOptions } from './tls.js'

/**
 * Latchkey's state for one got request, carried in `options.context`: got copies the
 * context into every redirect and retry, so all hops of one call share one exchange.
 * Fields are private so logging an error's options never prints a credential.
 */
export class RequestState {
  readonly #exchange: Exchange
  readonly #https: HttpsOptions
  #retry: AuthRequest | undefined
  #applied: { readonly hop: AuthRequest; readonly sent: AuthRequest } | undefined

  constructor(exchange: Exchange, https: HttpsOptions) {
    this.#exchange = exchange
    this.#https = https
  }

  get exchange(): Exchange {
    return this.#exchange
  }

  /** The caller's own https options, before any hop's client certificate was merged in. */
  get https(): HttpsOptions {
    return this.#https
  }

  /** The request a strategy asked to resend; the next beforeRequest sends exactly it. */
  takeRetry(): AuthRequest | undefined {
    const retry = this.#retry
    this.#retry = undefined
    return retry
  }

  setRetry(request: AuthRequest): void {
    this.#retry = request
  }

  /** The caller's request of the current hop, and what Latchkey sent for it. */
  get applied(): { readonly hop: AuthRequest; readonly sent: AuthRequest } | undefined {
    return this.#applied
  }

  setApplied(hop: AuthRequest, sent: AuthRequest): void {
    this.#applied = { hop, sent }
  }
}

/**
 * Where one `withAuth` keeps its state in a request's context. Each has its own key, so
 * `withAuth` applied twice (an inner and an outer strategy) keeps two exchanges.
 */
export interface StateSlot {
  of(options: Options | undefined): RequestState | undefined
  attach(options: Options, state: RequestState): void
}

export function stateSlot(): StateSlot {
  const key = Symbol('latchkey.got')
  return {
    of: (options) => {
      const state = (options?.context as Record<symbol, unknown> | undefined)?.[key]
      return state instanceof RequestState ? state : undefined
    },
    attach: (options, state) => {
      options.context = { ...options.context, [key]: state }
    },
  }
}
