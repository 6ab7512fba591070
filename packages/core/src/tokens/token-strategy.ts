import { defineStrategy } from '../flow/define-strategy.js'
import type {
  AuthFlow,
  AuthRequest,
  AuthStrategy,
  FlowContext,
  SecretPlacement,
} from '../flow/types.js'
import { TokenEngine, type TokenSource } from './engine.js'
import { tokenFlow } from './flow.js'
import { tokenKind } from './kind.js'
import { type RefreshRule, refreshRule } from './on-challenge.js'
import { resolveTokenOptions, type TokenOptions } from './options.js'
import { placer, type TokenPlacement } from './placement.js'

/** The options a token strategy takes from its user, as given. */
export interface TokenStrategyOptions extends TokenOptions {
  /**
   * Where the token goes.
   *
   * @defaultValue `Authorization: <token type> <token>`
   */
  readonly apply?: TokenPlacement | undefined
}

/** What {@link tokenStrategy} assembles a strategy from. */
export interface TokenStrategyInit {
  /** The strategy's `name`. */
  readonly name: string
  /** How tokens are obtained. */
  readonly source: TokenSource
  /** The user's options: validated here (`INVALID_CONFIG`). */
  readonly options: TokenStrategyOptions
  /** The store key unless the user gives one: what tells this token apart from others. */
  readonly defaultKey: string
  /**
   * For a token that is more than a header (DPoP: a proof per request): the strategy's
   * secrets and its flow around the engine, instead of `apply`'s placement.
   */
  readonly present?: (
    engine: TokenEngine,
    refresh: RefreshRule,
  ) => {
    /** Where the strategy puts its secrets. */
    readonly secrets: SecretPlacement
    /** The strategy's flow, getting tokens from `engine`. */
    readonly flow: (request: AuthRequest, ctx: FlowContext) => AuthFlow
  }
}

/**
 * Assembles a token strategy, the one way: the options validated, one engine (cache,
 * single-flight, refresh ahead, expiry margin) and one flow that places the token and
 * renews it once when a server refuses it (or `onChallenge` says so).
 *
 * @example
 * ```ts
 * tokenStrategy({
 *   name: 'myApi',
 *   source: { acquire: ({ flow, signal }) => requestToken({ ... }) },
 *   options,
 *   defaultKey: `myApi ${clientId}`,
 * })
 * ```
 */
export function tokenStrategy(init: TokenStrategyInit): AuthStrategy {
  const { name, source, options, defaultKey, present } = init
  const { defaultExpiresIn, ...resolved } = resolveTokenOptions(name, options, defaultKey)
  const refresh = refreshRule(name, options.onChallenge)
  const engine = new TokenEngine({
    strategy: name,
    source,
    kind: tokenKind(defaultExpiresIn),
    ...resolved,
  })
  if (present !== undefined) return defineStrategy({ name, ...present(engine, refresh) })
  const place = placer(name, options.apply)
  return defineStrategy({
    name,
    secrets: place.secrets,
    flow: tokenFlow(engine, place.apply, refresh),
  })
}
