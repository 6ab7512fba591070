import { AuthError, isAuthError } from '../errors/auth-error.js'
import { REFRESH_FAILED, TIMEOUT } from '../errors/codes.js'
import type { TokenReason } from '../events.js'
import type { FlowContext } from '../flow/types.js'
import { Backoff } from './backoff.js'
import type { TokenStore } from './store.js'
import type { StoredToken, TokenGrant } from './token.js'
import { sleep, waitFor } from './wait.js'

/** What a grant function gets: the triggering request's context, and the shared signal. */
export interface GrantContext {
  readonly flow: FlowContext
  /** Aborts when the token request times out; it is not any one caller's signal. */
  readonly signal: AbortSignal
}

/** How a strategy obtains tokens. At least one of `acquire` and `refresh`. */
export interface TokenSource {
  /** A brand-new token: client credentials, password, a custom login. */
  readonly acquire?: (ctx: GrantContext) => Promise<TokenGrant>
  /** Exchanges a refresh token for a new token (and, with rotation, a new refresh token). */
  readonly refresh?: (refreshToken: string, ctx: GrantContext) => Promise<TokenGrant>
  /** A refresh token configured up front; used once, then only the stored ones. */
  readonly initialRefreshToken?: string
}

export interface TokenEngineOptions {
  readonly strategy: string
  readonly source: TokenSource
  readonly store: TokenStore
  readonly key: string
  /** Seconds before expiry to refresh proactively; capped at half the token's lifetime. */
  readonly refreshWindow: number
  /** Seconds a token lives when the server does not say (`expires_in` absent). */
  readonly defaultExpiresIn: number
  /** Milliseconds the shared token request may take. */
  readonly timeout: number
}

/** In-flight token requests, per store and key: every engine sharing a store shares them. */
const flights = new WeakMap<TokenStore, Map<string, Promise<StoredToken>>>()

/**
 * The token engine every token strategy shares.
 *
 * - Lazy, cached, single-flight: however many requests need a token at once, one token
 *   request goes out and all of them get its result.
 * - Proactive: inside the refresh window the current token is still used while one
 *   refresh runs in the background. Expiry is counted from when the token request started.
 * - Reactive: `renew(used)` after a 401 refreshes once for everyone; a request that used
 *   an older token than the current one just gets the current one.
 * - Rotation: the new refresh token is stored before any waiter resumes, and a refresh
 *   token the server has answered for is never sent again.
 * - The shared request has its own timeout; each waiter's abort signal detaches only that
 *   waiter; consecutive failures back off with jitter.
 */
export class TokenEngine {
  readonly #options: TokenEngineOptions
  readonly #backoff = new Backoff()
  /** The access token a server refused last: never handed out again. */
  #rejected: string | undefined
  /** The configured refresh token got an answer from the server: it is not sent again. */
  #initialSpent = false

  constructor(options: TokenEngineOptions) {
    this.#options = options
  }

  /** A token to send now. */
  async current(ctx: FlowContext): Promise<StoredToken> {
    const token = await this.#options.store.get(this.#options.key)
    const now = ctx.clock.now()
    if (token !== undefined && token.accessToken !== this.#rejected && now < token.expiresAt) {
      if (now >= this.#refreshAt(token)) void this.#obtain(ctx, 'expiring').catch(() => {})
      return token
    }
    const reason: TokenReason =
      token === undefined ? 'cold' : token.accessToken === this.#rejected ? 'rejected' : 'expired'
    return waitFor(this.#obtain(ctx, reason), ctx.signal)
  }

  /** A replacement for `used`, which a server just refused. */
  async renew(used: StoredToken, ctx: FlowContext): Promise<StoredToken> {
    const token = await this.#options.store.get(this.#options.key)
    const newer =
      token !== undefined &&
      token.accessToken !== used.accessToken &&
      token.accessToken !== this.#rejected &&
      ctx.clock.now() < token.expiresAt
    if (newer) return token
    this.#rejected = used.accessToken
    return waitFor(this.#obtain(ctx, 'rejected'), ctx.signal)
  }

  #refreshAt(token: StoredToken): number {
    const window = Math.min(
      this.#options.refreshWindow * 1000,
      (token.expiresAt - token.issuedAt) / 2,
    )
    return token.expiresAt - window
  }

  #obtain(ctx: FlowContext, reason: TokenReason): Promise<StoredToken> {
    const { store, key } = this.#options
    let byKey = flights.get(store)
    if (byKey === undefined) {
      byKey = new Map()
      flights.set(store, byKey)
    }
    const running = byKey.get(key)
    if (running !== undefined) return running
    const flight = this.#fetch(ctx, reason).finally(() => byKey.delete(key))
    // Every waiter may have detached; the outcome is still reported through events.
    flight.catch(() => {})
    byKey.set(key, flight)
    return flight
  }

  async #fetch(ctx: FlowContext, reason: TokenReason): Promise<StoredToken> {
    const { strategy, store, key, timeout } = this.#options
    const controller = new AbortController()
    await sleep(this.#backoff.delay(), controller.signal)
    const expired = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), {
        once: true,
      })
    })
    expired.catch(() => {})
    const timer = setTimeout(
      () =>
        controller.abort(
          new AuthError(TIMEOUT, `${strategy}: the token request took longer than ${timeout} ms`),
        ),
      timeout,
    )
    try {
      const previous = await store.get(key)
      const startedAt = ctx.clock.now()
      // A grant that ignores its signal still cannot hold the waiters past the timeout.
      const grant = await Promise.race([
        this.#grant(previous, { flow: ctx, signal: controller.signal }),
        expired,
      ])
      const token = this.#toStored(grant, startedAt, previous?.refreshToken)
      await store.set(key, token)
      this.#backoff.succeeded()
      const expiresIn = (token.expiresAt - token.issuedAt) / 1000
      ctx.emit({ type: reason === 'cold' ? 'acquired' : 'refreshed', strategy, reason, expiresIn })
      return token
    } catch (error) {
      this.#backoff.failed()
      const failure = controller.signal.aborted ? controller.signal.reason : error
      ctx.emit({ type: 'failed', strategy, reason, ...failureDetails(failure) })
      throw failure
    } finally {
      clearTimeout(timer)
    }
  }

  async #grant(previous: StoredToken | undefined, ctx: GrantContext): Promise<TokenGrant> {
    const { source, strategy, store, key } = this.#options
    const initial = this.#initialSpent ? undefined : source.initialRefreshToken
    const refreshToken = previous?.refreshToken ?? initial
    if (refreshToken !== undefined && source.refresh !== undefined) {
      try {
        const grant = await source.refresh(refreshToken, ctx)
        if (refreshToken === initial) this.#initialSpent = true
        return grant
      } catch (error) {
        if (!isInvalidGrant(error)) throw error
        if (refreshToken === initial) this.#initialSpent = true
        await store.delete(key)
        if (source.acquire !== undefined) return source.acquire(ctx)
        throw new AuthError(
          REFRESH_FAILED,
          `${strategy}: the refresh token was rejected (invalid_grant); the stored token was cleared`,
          { cause: error, oauthError: 'invalid_grant', status: (error as AuthError).status ?? 400 },
        )
      }
    }
    if (source.acquire !== undefined) return source.acquire(ctx)
    throw new AuthError(
      REFRESH_FAILED,
      `${strategy}: no refresh token is left to obtain a token with`,
    )
  }

  #toStored(
    grant: TokenGrant,
    startedAt: number,
    previousRefreshToken: string | undefined,
  ): StoredToken {
    const expiresIn = grant.expiresIn ?? this.#options.defaultExpiresIn
    const refreshToken = grant.refreshToken ?? previousRefreshToken
    return {
      accessToken: grant.accessToken,
      tokenType: grant.tokenType,
      issuedAt: startedAt,
      expiresAt: startedAt + expiresIn * 1000,
      ...(refreshToken !== undefined && { refreshToken }),
      ...(grant.scope !== undefined && { scope: grant.scope }),
    }
  }
}

function isInvalidGrant(error: unknown): boolean {
  return isAuthError(error) && error.oauthError === 'invalid_grant'
}

function failureDetails(error: unknown): { code: string; status?: number; oauthError?: string } {
  if (!isAuthError(error)) return { code: 'UNKNOWN' }
  return {
    code: error.code,
    ...(error.status !== undefined && { status: error.status }),
    ...(error.oauthError !== undefined && { oauthError: error.oauthError }),
  }
}
