import { invalidConfig } from '../errors/invalid-config.js'
import { authErrorRaisedBelow } from '../errors/raised-below.js'
import { isStrategy } from '../flow/is-strategy.js'
import type { AuthRequest, AuthStrategy, FlowContext } from '../flow/types.js'
import { redactSecrets } from '../redact/redact.js'
import { SecretSet } from '../redact/secret-set.js'
import { drive, type Transmitter } from './drive.js'
import { Exchange } from './exchange.js'
import { type AuthOptions, type ResolvedOptions, resolveOptions } from './options.js'

/** Per-request options of {@link Authenticator.send} and {@link Authenticator.exchange}. */
export interface ExchangeOptions {
  /** The caller's abort signal for this request. */
  readonly signal?: AbortSignal | undefined
  /** The per-request opt-out: no strategy runs, redirect policy still applies. */
  readonly skip?: boolean
  /**
   * The proxy the client sends a hop to `url` through, if any, so the transport check
   * sees where the bytes go.
   */
  readonly proxyFor?: ((url: URL) => URL | undefined) | undefined
  /**
   * This request is one the client makes on its own behalf from a response to a request
   * at this origin (got's pagination): another origin gets no credentials unless listed
   * in `origins`, as after a cross-origin redirect.
   */
  readonly followUpOf?: string | undefined
}

/**
 * A strategy bound to one client's options: what every adapter's `withAuth` creates.
 * {@link Authenticator.send} runs one request through the client's transport from start to
 * end; adapters whose client drives its own hops (got's hooks) open an {@link Exchange}
 * per request and scrub what the client throws with {@link Authenticator.redact}.
 */
export class Authenticator {
  /** The strategy every request of this client runs. */
  readonly strategy: AuthStrategy
  /** The client's `withAuth` options, validated. */
  readonly options: ResolvedOptions
  readonly #secrets = new SecretSet()
  readonly #context: FlowContext
  /** Hand-written strategies may declare header names in any case; headers compare lower-case. */
  readonly #secretHeaders: ReadonlySet<string>

  constructor(strategy: AuthStrategy, options?: AuthOptions) {
    if (!isStrategy(strategy)) {
      throw invalidConfig('withAuth', 'expected a strategy, such as basic({ username, password })')
    }
    this.strategy = strategy
    this.options = resolveOptions(options)
    this.#secretHeaders = new Set(strategy.secrets.headers.map((name) => name.toLowerCase()))
    const { clock, onEvent, transport, allowInsecureHttp, maxResponseBytes } = this.options
    this.#context = {
      signal: undefined,
      clock,
      emit: onEvent,
      transport,
      policy: { allowInsecureHttp, maxResponseBytes },
      secret: (value) => this.#secrets.pin(value),
      containsSecret: (text) => this.#secrets.test(text),
    }
  }

  /** Opens the {@link Exchange} of one request, for clients that drive hops themselves. */
  exchange(options: ExchangeOptions = {}): Exchange {
    return new Exchange({
      strategy: this.strategy,
      secretHeaders: this.#secretHeaders,
      options: this.options,
      secrets: this.#secrets,
      context: this.#context,
      signal: options.signal,
      skip: options.skip ?? false,
      proxyFor: options.proxyFor,
      followUpOf: options.followUpOf,
    })
  }

  /**
   * Sends one logical request through `transmitter`, the client's transport: opens its
   * exchange, applies credentials to every hop, lets the strategy retry, follows redirects
   * under the policy, closes the exchange on every path, and redacts whatever is thrown
   * (after the transmitter's `explain`); an `AuthError` the client wrapped (raised below
   * it, by a Latchkey agent) is thrown as itself. `request` may be a promise: building it (reading
   * the caller's body) fails the same way.
   */
  async send<N>(
    request: AuthRequest | Promise<AuthRequest>,
    transmitter: Transmitter<N>,
    options?: ExchangeOptions,
  ): Promise<N> {
    const exchange = this.exchange(options)
    try {
      const response = await drive(exchange, await request, transmitter)
      return transmitter.settle === undefined ? response : transmitter.settle(response)
    } catch (error) {
      await exchange.close().catch(() => {})
      const typed = authErrorRaisedBelow(error)
      if (typed !== undefined) throw this.redact(typed)
      throw this.redact(transmitter.explain === undefined ? error : transmitter.explain(error))
    }
  }

  /** Scrubs every secret this authenticator has sent from `value` (an error), in place. */
  redact<T>(value: T): T {
    return redactSecrets(value, this.#secrets)
  }
}
