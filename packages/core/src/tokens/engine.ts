import { AuthError, isAuthError } from '../errors/auth-error.js'
import { REFRESH_FAILED, TIMEOUT } from '../errors/codes.js'
import type { TokenReason } from '../events.js'
import type { FlowContext } from '../flow/types.js'
import {
  observeTokenCache,
  observeTokenFlight,
  observeTokenSignal,
  observeTokenWaiter,
} from '../observe/token-observer.js'
import { Backoff } from './backoff.js'
import type { CredentialKind, Expiring } from './kind.js'
import { MemoryTokenStore, type StoreContext, type TokenLease, type TokenStore } from './store.js'
import type { StoredToken, TokenGrant } from './token.js'
import { sleep, waitFor } from './wait.js'

/** What a grant function gets: the triggering request's context, and the shared signal. */
export interface GrantContext {
  /** The context of the request that started the token request. */
  readonly flow: FlowContext
  /** Aborts when the token request times out; it is not any one caller's signal. */
  readonly signal: AbortSignal
}

/**
 * How a strategy obtains credentials (`G`: OAuth tokens by default). At least one of
 * `acquire` and `refresh`.
 */
export interface TokenSource<G = TokenGrant> {
  /** A brand-new credential: client credentials, password, a custom login, a provider call. */
  readonly acquire?: (ctx: GrantContext) => Promise<G>
  /** Exchanges a refresh token for a new token (and, with rotation, a new refresh token). */
  readonly refresh?: (refreshToken: string, ctx: GrantContext) => Promise<G>
  /** A refresh token configured up front; used once, then only the stored ones. */
  readonly initialRefreshToken?: string
}

/** What a {@link TokenEngine} is built from. */
export interface TokenEngineOptions<C extends Expiring = StoredToken, G = TokenGrant> {
  /** The strategy's `name`, for events and errors. */
  readonly strategy: string
  /** How credentials are obtained. */
  readonly source: TokenSource<G>
  // C is what `kind` makes: a `new MemoryTokenStore()` here takes its type from it.
  /** Where credentials are cached. */
  readonly store: TokenStore<NoInfer<C>>
  /** The store key of this engine's credential. */
  readonly key: string
  /** What is cached and how it is made from what the source returns: `tokenKind(...)` for tokens. */
  readonly kind: CredentialKind<C, G>
  /** Seconds before expiry to refresh proactively; capped at half the credential's lifetime. */
  readonly refreshWindow: number
  /**
   * Seconds before expiry from which a credential is no longer handed out (clock skew,
   * time in flight). Default: 5 s, or 1% of the lifetime when that is less. Capped at
   * half the lifetime.
   */
  readonly expiryMargin?: number | undefined
  /** Milliseconds the shared token request may take. */
  readonly timeout: number
}

/** Default expiry margin: 5 s, or 1% of the lifetime when that is less. */
const MARGIN_MS = 5_000
const MARGIN_SHARE = 0.01

/** In-flight token requests, per store and key: every engine sharing a store shares them. */
const flights = new WeakMap<TokenStore<Expiring>, Map<string, Promise<Expiring>>>()

/**
 * The token engine every token strategy shares, generic in what it caches (`C`, anything
 * with an expiry: OAuth tokens, AWS credentials) and what its source returns (`G`).
 *
 * - Lazy, cached, single-flight: however many requests need a token at once, one token
 *   request goes out and all of them get its result.
 * - Proactive: inside the refresh window the current token is still used while one
 *   refresh runs in the background. Expiry is counted from when the token request
 *   started, and a token is not handed out in the last moments before it (the margin).
 * - Reactive: `renew(used)` after a 401 refreshes once for everyone; a request that used
 *   an older token than the current one just gets the current one.
 * - Rotation: the new refresh token is stored before any waiter resumes, and a refresh
 *   token the server has answered for is never sent again.
 * - The shared request has its own timeout; each waiter's abort signal detaches only that
 *   waiter; consecutive failures back off with jitter.
 * - Fleet-wide: with a store that offers leases (`@latchkey/redis`), the flight of one
 *   process takes the lease before it asks for a token, and uses the token another process
 *   stored meanwhile instead; all its writes go through the (fenced) lease.
 */
export class TokenEngine<C extends Expiring = StoredToken, G = TokenGrant> {
  readonly #options: TokenEngineOptions<C, G>
  readonly #backoff = new Backoff()
  /** The identity of the credential a server refused last: never handed out again. */
  #rejected: string | undefined
  /** The configured refresh token got an answer from the server: it is not sent again. */
  #initialSpent = false

  constructor(options: TokenEngineOptions<C, G>) {
    this.#options = options
  }

  /** A credential to send now. */
  async current(ctx: FlowContext): Promise<C> {
    const token = await this.#read(ctx)
    const now = ctx.clock.now()
    if (this.#usable(token, now)) {
      if (now >= this.#refreshAt(token)) void this.#obtain(ctx, 'expiring').catch(() => {})
      observeTokenCache(this.#options, null)
      return token
    }
    const reason: TokenReason =
      token === undefined ? 'cold' : this.#isRejected(token) ? 'rejected' : 'expired'
    observeTokenCache(this.#options, reason)
    return waitFor(this.#obtain(ctx, reason), ctx.signal)
  }

  /** A replacement for `used`, which a server just refused. */
  async renew(used: C, ctx: FlowContext): Promise<C> {
    const { id } = this.#options.kind
    const token = await this.#read(ctx)
    if (this.#usable(token, ctx.clock.now()) && id(token) !== id(used)) return token
    this.#rejected = id(used)
    return waitFor(this.#obtain(ctx, 'rejected'), ctx.signal)
  }

  /** Not refused, and not within the margin of its expiry. */
  #usable(token: C | undefined, now: number): token is C {
    return token !== undefined && !this.#isRejected(token) && now < this.#expiresAt(token)
  }

  #isRejected(token: C): boolean {
    return this.#rejected !== undefined && this.#options.kind.id(token) === this.#rejected
  }

  /** When the engine stops handing `token` out: its expiry, less the margin. */
  #expiresAt(token: C): number {
    const lifetime = token.expiresAt - token.issuedAt
    const { expiryMargin } = this.#options
    const margin =
      expiryMargin === undefined
        ? Math.min(MARGIN_MS, lifetime * MARGIN_SHARE)
        : Math.min(expiryMargin * 1000, lifetime / 2)
    return token.expiresAt - margin
  }

  /** The stored token: a store that hangs fails like a token request that hangs. */
  async #read(ctx: FlowContext): Promise<C | undefined> {
    const { strategy, store, key, timeout } = this.#options
    // The memory store cannot hang: no timer on every request for it.
    if (store instanceof MemoryTokenStore) return store.get(key)
    const deadline = new Deadline(
      timeout,
      `${strategy}: the token store took longer than ${timeout} ms`,
    )
    try {
      return await waitFor(deadline.race(store.get(key, ctx)), ctx.signal)
    } finally {
      deadline.clear()
    }
  }

  /**
   * Good enough that a token request for `reason` would not be made for it: not refused,
   * not expired, and (for a proactive refresh, the default) not yet due for refresh.
   */
  #fresh(token: C | undefined, now: number, reason: TokenReason = 'expiring'): token is C {
    if (!this.#usable(token, now)) return false
    return reason !== 'expiring' || now < this.#refreshAt(token)
  }

  #refreshAt(token: C): number {
    const window = Math.min(
      this.#options.refreshWindow * 1000,
      (token.expiresAt - token.issuedAt) / 2,
    )
    return token.expiresAt - window
  }

  #obtain(ctx: FlowContext, reason: TokenReason): Promise<C> {
    const { store, key } = this.#options
    // Keyed by store: what one store's flights resolve is that store's credential type.
    let byKey = flights.get(store) as Map<string, Promise<C>> | undefined
    if (byKey === undefined) {
      byKey = new Map()
      flights.set(store, byKey)
    }
    const running = byKey.get(key)
    if (running !== undefined) {
      observeTokenWaiter(this.#options)
      return running
    }
    const fetched = store.exclusive
      ? store.exclusive(key, () => this.#fetch(ctx, reason))
      : this.#fetch(ctx, reason)
    const flight = fetched.finally(() => byKey.delete(key))
    // Every waiter may have detached; the outcome is still reported through events.
    flight.catch(() => {})
    byKey.set(key, flight)
    observeTokenFlight(this.#options, reason, flight)
    return flight
  }

  async #fetch(ctx: FlowContext, reason: TokenReason): Promise<C> {
    const { strategy, store, key, timeout, kind } = this.#options
    // The wait after a failure comes first: the timeout covers the token request itself.
    await sleep(this.#backoff.delay())
    const deadline = new Deadline(
      timeout,
      `${strategy}: the token request took longer than ${timeout} ms`,
    )
    observeTokenSignal(this.#options, deadline.signal)
    let lease: TokenLease<C> | undefined
    try {
      let previous: C | undefined
      if (store.lease === undefined) previous = await deadline.race(store.get(key))
      else {
        const turn = await this.#lead(store.lease.bind(store), ctx, deadline)
        if (!('lease' in turn)) return turn.token
        ;({ lease, previous } = turn)
      }
      const writes = lease ?? {
        set: (t: C) => store.set(key, t),
        delete: () => store.delete(key),
      }
      const startedAt = ctx.clock.now()
      // Another holder of a shared store's lock got a token meanwhile: it is this one's too.
      if (store.exclusive && previous && this.#fresh(previous, startedAt, reason)) return previous
      // A grant (or a store) that ignores its signal still cannot hold waiters past the timeout.
      const { grant, refreshToken } = await deadline.race(
        this.#grant(previous, writes, { flow: ctx, signal: deadline.signal }),
      )
      const token = kind.issue(grant, startedAt, refreshToken)
      await deadline.race(writes.set(token))
      this.#backoff.succeeded()
      this.#rejected = undefined
      const expiresIn = (token.expiresAt - token.issuedAt) / 1000
      ctx.emit({ type: reason === 'cold' ? 'acquired' : 'refreshed', strategy, reason, expiresIn })
      return token
    } catch (error) {
      const failure = deadline.signal.aborted ? deadline.signal.reason : error
      if (!isExhausted(failure)) this.#backoff.failed()
      ctx.emit({ type: 'failed', strategy, reason, ...failureDetails(failure) })
      throw failure
    } finally {
      deadline.clear()
      // The waiters of other processes are woken by the write already; this frees the key.
      lease?.release().catch(() => {})
    }
  }

  /**
   * Waits for this process's turn, fleet-wide: the lease (and the token it may replace), or
   * the fresh token another process stored meanwhile. Read after the lease is taken, so a
   * previous holder's write is always seen.
   */
  async #lead(
    lease: (key: string, context: StoreContext) => Promise<TokenLease<C> | undefined>,
    ctx: FlowContext,
    deadline: Deadline,
  ): Promise<{ lease: TokenLease<C>; previous: C | undefined } | { token: C }> {
    const { store, key } = this.#options
    for (;;) {
      const asking = lease(key, ctx)
      const held = await deadline.race(asking).catch((error: unknown) => {
        // A lease granted after the deadline is given back at once, not left to expire.
        asking.then((late) => late?.release()).catch(() => {})
        throw error
      })
      try {
        const current = await deadline.race(store.get(key, ctx))
        if (this.#fresh(current, ctx.clock.now())) {
          held?.release().catch(() => {})
          this.#backoff.succeeded()
          return { token: current }
        }
        if (held !== undefined) return { lease: held, previous: current }
      } catch (error) {
        held?.release().catch(() => {})
        throw error
      }
    }
  }

  /**
   * What the source returns, and the refresh token to keep if it brings none: the one
   * that just worked (a server that does not rotate), never one the server refused.
   */
  async #grant(
    previous: C | undefined,
    writes: Pick<TokenLease<C>, 'set' | 'delete'>,
    ctx: GrantContext,
  ): Promise<{ grant: G; refreshToken: string | undefined }> {
    const { source, strategy } = this.#options
    const initial = this.#initialSpent ? undefined : source.initialRefreshToken
    const refreshToken = previous?.refreshToken ?? initial
    if (refreshToken === undefined || source.refresh === undefined) {
      if (source.acquire !== undefined) return { grant: await source.acquire(ctx), refreshToken }
      throw new AuthError(
        REFRESH_FAILED,
        `${strategy}: no refresh token is left to obtain a token with`,
      )
    }
    try {
      const grant = await source.refresh(refreshToken, ctx)
      if (refreshToken === initial) this.#initialSpent = true
      return { grant, refreshToken }
    } catch (error) {
      if (!answered(error)) throw error
      // The server answered for this refresh token (and a rotating server may already have
      // replaced it): it is never sent again.
      if (refreshToken === initial) this.#initialSpent = true
      if (previous?.refreshToken === refreshToken) {
        const { refreshToken: _spent, ...withoutRefreshToken } = previous
        await writes.set(withoutRefreshToken as C)
      }
      if (!isInvalidGrant(error)) throw error
      await writes.delete()
      if (source.acquire !== undefined)
        return { grant: await source.acquire(ctx), refreshToken: undefined }
      throw new AuthError(
        REFRESH_FAILED,
        `${strategy}: the refresh token was rejected (invalid_grant); the stored token was cleared`,
        { cause: error, oauthError: 'invalid_grant', status: (error as AuthError).status ?? 400 },
      )
    }
  }
}

function isInvalidGrant(error: unknown): boolean {
  return isAuthError(error) && error.oauthError === 'invalid_grant'
}

/**
 * Whether a token endpoint processed a request: any answer but a 5xx, a 429 or a 408,
 * which say it did not (or could not say). After a network failure or a timeout nothing
 * is known, and the refresh token is kept for the next attempt.
 */
function answered(error: unknown): boolean {
  if (isInvalidGrant(error)) return true
  if (!isAuthError(error) || error.status === undefined) return false
  return error.status < 500 && error.status !== 429 && error.status !== 408
}

/** Nothing is left to try with: another attempt cannot help, so none is delayed. */
function isExhausted(error: unknown): boolean {
  return isAuthError(error) && error.code === REFRESH_FAILED
}

function failureDetails(error: unknown): { code: string; status?: number; oauthError?: string } {
  if (!isAuthError(error)) return { code: 'UNKNOWN' }
  return {
    code: error.code,
    ...(error.status !== undefined && { status: error.status }),
    ...(error.oauthError !== undefined && { oauthError: error.oauthError }),
  }
}

/** The token request's own timeout: an abort signal for the grant, and a race for everything else. */
class Deadline {
  readonly #controller = new AbortController()
  readonly #expired: Promise<never>
  readonly #timer: ReturnType<typeof setTimeout>

  constructor(ms: number, message: string) {
    this.#expired = new Promise<never>((_, reject) => {
      this.#controller.signal.addEventListener(
        'abort',
        () => reject(this.#controller.signal.reason),
        {
          once: true,
        },
      )
    })
    this.#expired.catch(() => {})
    this.#timer = setTimeout(() => this.#controller.abort(new AuthError(TIMEOUT, message)), ms)
  }

  get signal(): AbortSignal {
    return this.#controller.signal
  }

  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.#expired])
  }

  clear(): void {
    clearTimeout(this.#timer)
  }
}
