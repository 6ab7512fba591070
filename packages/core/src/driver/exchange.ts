import { exchangeObserver } from '#observe'
import { AuthError } from '../errors/auth-error.js'
import { INVALID_CONFIG } from '../errors/codes.js'
import type { AuthEvent } from '../events.js'
import { applyFixed, fixedOf, selectorOf } from '../flow/fixed.js'
import { diffHeaders } from '../flow/headers.js'
import { runFlow } from '../flow/run.js'
import type {
  AuthFlow,
  AuthRequest,
  AuthResponse,
  AuthStrategy,
  FlowContext,
} from '../flow/types.js'
import type { ExchangeObserver } from '../observe/exchange-observer.js'
import { hiddenChallenge } from '../policy/browser.js'
import {
  REQUEST_BODY_HEADERS,
  redirectedRequest,
  resolveRedirect,
  stripCredentials,
  withoutTls,
} from '../policy/redirect.js'
import { assertNoUserinfo } from '../policy/userinfo.js'
import type { SecretSet } from '../redact/secret-set.js'
import type { ResolvedOptions } from './options.js'

/** A header to write into the client's own headers: `null` removes it. */
export type HeaderChange = [name: string, value: string | null]

/** A strategy may resend one hop this many times; then the response goes to the caller. */
const MAX_RETRIES_PER_HOP = 3

/** One header or query parameter a flow changed, so the next hop can start clean. */
interface Change {
  readonly where: 'header' | 'query'
  readonly name: string
  readonly before: string | null
  readonly after: string | null
}

export interface ExchangeParts {
  readonly strategy: AuthStrategy
  /** The strategy's secret header names, lower-case (computed once per authenticator). */
  readonly secretHeaders: ReadonlySet<string>
  readonly options: ResolvedOptions
  readonly secrets: SecretSet
  /** The flow context of a request without a signal; others copy it with theirs. */
  readonly context: FlowContext
  readonly signal: AbortSignal | undefined
  /** The caller opted this request out: no strategy runs, redirect policy still applies. */
  readonly skip: boolean
  /** Where the client sends a hop to this URL through, if a proxy. */
  readonly proxyFor?: ((url: URL) => URL | undefined) | undefined
  /** The origin of the request whose response this one follows up (a page). */
  readonly followUpOf?: string | undefined
}

/**
 * The driver for one logical request: every hop (redirects) and every retry a strategy
 * asks for. Adapters push requests and responses through it from their client's own
 * extension points; {@link drive} is the loop for clients whose transport Latchkey wraps.
 *
 * Per hop: `prepare()` the request to send, then `receive()` each response until it
 * returns `undefined`. Between hops, `redirect()` (or `follow()` where the client builds
 * the redirected request itself) applies the redirect policy.
 */
export class Exchange {
  readonly #parts: ExchangeParts
  readonly #ctx: FlowContext
  #flow: AuthFlow | undefined
  /**
   * The hop's credentials were applied without a flow (fixed ones, or a route with none for
   * this origin): its answer settles it, as the flow would have.
   */
  #settled = false
  #hop: AuthRequest | undefined
  #sent: AuthRequest | undefined
  #changes: readonly Change[] = []
  /** Every header name this exchange has set or removed on any hop: what adapters write back. */
  readonly #touched = new Set<string>()
  #origin: string | undefined
  #leftOrigin = false
  #retries = 0
  /** Present only while someone listens to Latchkey's channels. */
  readonly #observer: ExchangeObserver | undefined

  /** @internal Open one with {@link Authenticator.exchange}. */
  constructor(parts: ExchangeParts) {
    this.#parts = parts
    this.#observer = exchangeObserver(parts.strategy, parts.secrets)
    // Most requests carry no signal: they share the authenticator's context as it is.
    this.#ctx =
      parts.signal === undefined ? parts.context : { ...parts.context, signal: parts.signal }
  }

  /** True once a redirect has left the first hop's origin: no credentials from then on. */
  get leftOrigin(): boolean {
    return this.#leftOrigin
  }

  /** The request to send for this hop: credentials applied, or stripped, as policy says. */
  async prepare(hop: AuthRequest): Promise<AuthRequest> {
    if (this.#flow !== undefined) await this.#endFlow()
    this.#observer?.nextHop()
    const clean = this.#withProxy(this.#undo(hop))
    if (this.#origin === undefined) this.#start(clean.url)
    this.#hop = clean
    this.#retries = 0
    this.#settled = false
    if (this.#leftOrigin)
      return this.#record(clean, stripCredentials(clean, this.#parts.strategy.secrets))
    if (this.#parts.skip || !this.#inScope(clean.url)) return this.#record(clean, clean)
    const strategy = picked(this.#parts.strategy, clean.url)
    if (strategy === undefined) {
      this.#settled = true
      return this.#record(clean, clean)
    }
    const fixed = fixedOf(strategy)
    if (fixed !== undefined) {
      // The fast path: no flow, no header diff; the changes are the headers set.
      const { request: sent, set } = applyFixed(fixed, clean, this.#ctx)
      this.#settled = true
      const changes = set.map(
        ([name, value]): Change => ({ where: 'header', name, before: null, after: value }),
      )
      return this.#record(clean, sent, changes)
    }
    const flow = runFlow(strategy, clean, this.#ctx)
    this.#flow = flow
    const step = await flow.next()
    if (step.done) {
      this.#flow = undefined
      return this.#record(clean, clean)
    }
    return this.#record(clean, step.value)
  }

  /** Hands the hop's response to the strategy: a request to resend, or `undefined` when done. */
  async receive(response: AuthResponse): Promise<AuthRequest | undefined> {
    this.#observer?.answered(response)
    const next = await this.#receive(response)
    if (next === undefined) this.#observer?.settled()
    return next
  }

  async #receive(response: AuthResponse): Promise<AuthRequest | undefined> {
    const flow = this.#flow
    const hop = this.#hop
    if (hop !== undefined && this.#settled) {
      this.#settled = false
      this.#noteHiddenChallenge(hop, response)
      return undefined
    }
    if (flow === undefined || hop === undefined) return undefined
    const step = await flow.next(response)
    const name = this.#parts.strategy.name
    const origin = hop.url.origin
    if (step.done) {
      this.#flow = undefined
      this.#noteHiddenChallenge(hop, response)
      return undefined
    }
    const reason =
      this.#sent?.body?.replayable === false
        ? 'BODY_NOT_REPLAYABLE'
        : this.#retries >= MAX_RETRIES_PER_HOP
          ? 'RETRY_LIMIT'
          : undefined
    if (reason !== undefined) {
      await this.#endFlow()
      this.#emit({ type: 'retry-skipped', strategy: name, origin, status: response.status, reason })
      return undefined
    }
    this.#retries++
    this.#emit({ type: 'retried', strategy: name, origin, status: response.status })
    return this.#record(hop, step.value)
  }

  /** A 401 whose challenge a browser hid from this page (CORS): say how to expose it. */
  #noteHiddenChallenge(hop: AuthRequest, response: AuthResponse): void {
    const message = hiddenChallenge(hop.url, response.status, response.headers)
    if (message === undefined) return
    const { name } = this.#parts.strategy
    this.#emit({
      type: 'challenge-hidden',
      strategy: name,
      origin: hop.url.origin,
      status: 401,
      message,
    })
  }

  /**
   * Resolves a redirect target under the policy: non-http(s) targets throw
   * `UNSAFE_REDIRECT`, userinfo is dropped, and leaving the first hop's origin strips
   * credentials for the rest of the chain.
   */
  follow(from: URL, location: string): URL {
    const to = resolveRedirect(from, location)
    this.#observer?.followed()
    if (!this.#leftOrigin && to.origin !== this.#origin) {
      this.#leftOrigin = true
      this.#emit({ type: 'stripped', from: from.origin, to: to.origin })
      this.#observer?.stripped(from.origin, to.origin)
    }
    return to
  }

  /** The next hop after a redirect response to `sent` (method and body per the Fetch standard). */
  redirect(sent: AuthRequest, status: number, location: string): AuthRequest {
    const next = redirectedRequest(sent, status, this.follow(sent.url, location))
    for (const name of REQUEST_BODY_HEADERS) {
      if (sent.headers.has(name) && !next.headers.has(name)) this.#touched.add(name)
    }
    return next
  }

  /**
   * The header changes that turn `from` into `to`, for a client that keeps its own header
   * object (casing, axios's `false` values): `[name, value]` to set, `[name, null]` to
   * remove. `to` is a request this exchange returned, `from` the caller's request of this
   * exchange or one it returned: only headers some hop has set or removed can differ, so
   * only those are compared.
   */
  changedHeaders(from: AuthRequest, to: AuthRequest): HeaderChange[] {
    const changes: HeaderChange[] = []
    for (const name of this.#touched) {
      const value = to.headers.get(name)
      if (from.headers.get(name) !== value) changes.push([name, value])
    }
    return changes
  }

  /** Ends the exchange early (the caller aborted, the client failed): lets the flow clean up. */
  async close(): Promise<void> {
    this.#observer?.closed()
    await this.#endFlow()
  }

  /** The first hop: refuse userinfo, and treat a follow-up to another origin as a redirect there. */
  #start(url: URL): void {
    assertNoUserinfo(url)
    const { followUpOf } = this.#parts
    this.#origin = followUpOf ?? url.origin
    if (followUpOf === undefined || url.origin === followUpOf) return
    // Listed origins are the caller's own statement that they may receive credentials.
    if (this.#parts.options.origins?.has(url.origin)) return
    this.#leftOrigin = true
    this.#emit({ type: 'stripped', from: followUpOf, to: url.origin })
    this.#observer?.stripped(followUpOf, url.origin)
  }

  #withProxy(hop: AuthRequest): AuthRequest {
    const { proxyFor } = this.#parts
    if (proxyFor === undefined) return hop
    const proxy = proxyFor(hop.url)
    if (proxy !== undefined) return { ...hop, proxy }
    if (hop.proxy === undefined) return hop
    const { proxy: _previous, ...direct } = hop
    return direct
  }

  #inScope(url: URL): boolean {
    const { origins } = this.#parts.options
    return origins === undefined || origins.has(url.origin)
  }

  #emit(event: AuthEvent): void {
    this.#parts.options.onEvent(event)
  }

  async #endFlow(): Promise<void> {
    const flow = this.#flow
    this.#flow = undefined
    await flow?.return(undefined)
  }

  /** Remembers what the flow changed (to undo it on the next hop) and which values are secret. */
  #record(
    clean: AuthRequest,
    sent: AuthRequest,
    changes: readonly Change[] = sent === clean ? [] : diff(clean, sent),
  ): AuthRequest {
    const { strategy } = this.#parts
    if (sent.tls !== undefined && strategy.secrets.tls !== true) {
      // Adapters prepare their client for a certificate only when the strategy declares one.
      throw new AuthError(
        INVALID_CONFIG,
        `${strategy.name}: puts a client certificate on requests without declaring secrets.tls`,
      )
    }
    this.#sent = sent
    this.#observer?.sending(clean, sent, this.#leftOrigin)
    for (const name of strategy.secrets.carried ?? []) {
      const value = sent.headers.get(name)
      if (value !== null) this.#parts.secrets.add(value)
    }
    const { query } = this.#parts.strategy.secrets
    const headers = this.#parts.secretHeaders
    for (const change of changes) {
      if (change.where === 'header') this.#touched.add(change.name)
      const secret =
        change.where === 'header' ? headers.has(change.name) : query.includes(change.name)
      if (secret && change.after !== null) this.#parts.secrets.add(change.after)
    }
    this.#changes = changes
    return sent
  }

  /**
   * A hop built from a previous one (a redirect; got re-runs its options) starts without
   * our credentials: the flow puts them back where policy allows.
   */
  #undo(previous: AuthRequest): AuthRequest {
    const hop = withoutTls(previous)
    if (this.#changes.length === 0) return hop
    const headers = new Headers(hop.headers)
    let url = hop.url
    for (const { where, name, before, after } of this.#changes) {
      if (where === 'header' && headers.get(name) === after) {
        if (before === null) headers.delete(name)
        else headers.set(name, before)
      } else if (where === 'query' && url.searchParams.get(name) === after) {
        if (url === hop.url) url = new URL(url)
        if (before === null) url.searchParams.delete(name)
        else url.searchParams.set(name, before)
      }
    }
    this.#changes = []
    return { ...hop, url, headers }
  }
}

function diff(before: AuthRequest, after: AuthRequest): Change[] {
  const changes: Change[] = diffHeaders(before.headers, after.headers).map(([name, now]) => ({
    where: 'header',
    name,
    before: before.headers.get(name),
    after: now,
  }))
  if (before.url.search !== after.url.search) {
    const params = new Set([...before.url.searchParams.keys(), ...after.url.searchParams.keys()])
    for (const name of params) {
      const was = before.url.searchParams.get(name)
      const now = after.url.searchParams.get(name)
      if (was !== now) changes.push({ where: 'query', name, before: was, after: now })
    }
  }
  return changes
}

/**
 * The strategy that decides this hop: a composite that picks a part by origin (`route`)
 * is resolved here, so a fixed part needs no flow; `undefined` when it picks none.
 */
function picked(strategy: AuthStrategy, url: URL): AuthStrategy | undefined {
  let current: AuthStrategy | undefined = strategy
  for (let select = selectorOf(current); select !== undefined; select = selectorOf(current)) {
    current = select(url)
    if (current === undefined) return undefined
  }
  return current
}
