import { assertSecureTransport } from '../policy/transport.js'
import type { AuthRequest, AuthStrategy, FlowContext } from './types.js'

/**
 * Credentials that never change (`bearer('token')`, a fixed `apiKey` header, `basic()`):
 * the same headers on every request, and never a retry. The driver applies them without
 * starting a flow, copying no header it does not set and diffing nothing.
 */
export interface FixedCredentials {
  /** The strategies contributing, in order; each is skipped where the caller set its credential. */
  readonly parts: readonly FixedPart[]
}

export interface FixedPart {
  /** The strategy the headers belong to: its name and secret placement decide as in `runFlow`. */
  readonly strategy: AuthStrategy
  /** Lower-case header names and values, every name among the strategy's secret headers. */
  readonly headers: readonly (readonly [string, string])[]
  /** Values the flow registers with `ctx.secret()` each time it runs. */
  readonly pinned: readonly string[]
}

/**
 * Keyed by the flow function, not the strategy object: a strategy built by spreading one of
 * these with a flow of its own gets no shortcut around that flow.
 */
const fixedFlows = new WeakMap<AuthStrategy['flow'], FixedCredentials>()
/** Composite strategies that pick one part by origin (`route`), keyed by flow as well. */
const selectors = new WeakMap<AuthStrategy['flow'], (url: URL) => AuthStrategy | undefined>()

/** Marks `strategy` (frozen by `defineStrategy`) as fixed; its flow must do exactly what `fixed` says. */
export function markFixed(strategy: AuthStrategy, fixed: FixedCredentials): AuthStrategy {
  fixedFlows.set(strategy.flow, fixed)
  return strategy
}

/** The fixed headers of a single strategy whose flow sets `headers` and registers `pinned`. */
export function markFixedHeaders(
  strategy: AuthStrategy,
  headers: Readonly<Record<string, string>>,
  pinned: readonly string[] = [],
): AuthStrategy {
  const entries = Object.entries(headers).map(
    ([name, value]) => [name.toLowerCase(), value] as const,
  )
  return markFixed(strategy, { parts: [{ strategy, headers: entries, pinned }] })
}

/** Marks a composite whose flow runs the part `select` picks for the request's origin, as `runFlow` would. */
export function markSelector(
  strategy: AuthStrategy,
  select: (url: URL) => AuthStrategy | undefined,
): AuthStrategy {
  selectors.set(strategy.flow, select)
  return strategy
}

export function fixedOf(strategy: AuthStrategy): FixedCredentials | undefined {
  return fixedFlows.get(strategy.flow)
}

export function selectorOf(
  strategy: AuthStrategy,
): ((url: URL) => AuthStrategy | undefined) | undefined {
  return selectors.get(strategy.flow)
}

/** What applying fixed credentials did: what the flows would have produced. */
export interface FixedApplied {
  readonly request: AuthRequest
  /** Headers set (lower-case names), each absent before: a part whose header was there is skipped. */
  readonly set: readonly (readonly [string, string])[]
}

const nothingSet: FixedApplied['set'] = Object.freeze([])

/**
 * Applies fixed credentials under the same policy as `runFlow` on each part in turn: a part
 * whose credential is already on the request (the caller's, or an earlier part's) is left
 * out, and plain http to another machine is refused before anything is set.
 */
export function applyFixed(
  fixed: FixedCredentials,
  request: AuthRequest,
  ctx: FlowContext,
): FixedApplied {
  let set: [string, string][] | undefined
  for (const { strategy, headers, pinned } of fixed.parts) {
    const { secrets } = strategy
    const placed =
      secrets.headers.some(
        (name) => request.headers.has(name) || set?.some(([done]) => done === name),
      ) || secrets.query.some((name) => request.url.searchParams.has(name))
    if (placed) continue
    assertSecureTransport(request.url, ctx.policy.allowInsecureHttp, strategy.name, request.proxy)
    for (const value of pinned) ctx.secret(value)
    set ??= []
    for (const [name, value] of headers) set.push([name, value])
  }
  if (set === undefined || set.length === 0) return { request, set: nothingSet }
  const headers = new Headers(request.headers)
  for (const [name, value] of set) headers.set(name, value)
  return { request: { ...request, headers }, set }
}
