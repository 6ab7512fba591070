import { callSupplied, credentialUnavailable } from '../errors/credential-unavailable.js'
import { invalidConfig } from '../errors/invalid-config.js'
import { boundedResponse } from '../flow/bounded-response.js'
import type { AuthStrategy } from '../flow/types.js'
import { assertSecureTransport } from '../policy/transport.js'
import type { GrantContext } from '../tokens/engine.js'
import type { TokenPlacement } from '../tokens/placement.js'
import type { TokenGrant } from '../tokens/token.js'
import { type TokenStrategyOptions, tokenStrategy } from '../tokens/token-strategy.js'
import { randomId } from '../util/fingerprint.js'
import { isCredentialToken } from '../util/syntax.js'

/** What your `login` and `refresh` functions get from {@link tokenLogin}. */
export interface LoginContext {
  /**
   * A fetch for your login endpoint. It never goes through the client being
   * authenticated, carries the token request's timeout, and refuses plain http to
   * another machine (unless `allowInsecureHttp`). Its responses' bodies stop at
   * `maxResponseBytes` (64 KiB by default): reading past it fails with `RESPONSE_TOO_LARGE`.
   */
  readonly fetch: (input: string | URL, init?: RequestInit) => Promise<Response>
  /** Aborts when the login takes longer than `timeout`. */
  readonly signal: AbortSignal
  /**
   * Registers a value you send to log in (a password) so it is scrubbed from every error,
   * like the credentials Latchkey sends itself. The login's `Authorization` header is
   * registered for you.
   */
  readonly secret: (value: string) => void
}

/** What your `login` returns. */
export interface LoginResult {
  /** The token to send; a secret. */
  readonly token: string
  /** Seconds; without it the token lives `defaultExpiresIn` (or until a 401). */
  readonly expiresIn?: number
  /** A refresh token, handed to `refresh` next time. */
  readonly refreshToken?: string
}

export interface TokenLoginOptions extends TokenStrategyOptions {
  /** Calls your login endpoint and returns the token it issued. */
  login(ctx: LoginContext): Promise<LoginResult>
  /** Optional: trades the last refresh token for a new token. On failure, `login` runs. */
  refresh?(ctx: LoginContext & { readonly refreshToken: string }): Promise<LoginResult>
  /**
   * Where the token goes.
   *
   * @defaultValue `Authorization: Bearer <token>`
   */
  readonly apply?: TokenPlacement
}

/**
 * The home-made scheme: "call login with a username and password, get a token, send that
 * token on every request". Latchkey caches the token, logs in again before it expires and
 * when a server refuses it, and shares one login between concurrent requests.
 *
 * @example
 * ```ts
 * tokenLogin({
 *   async login({ fetch }) {
 *     const response = await fetch('https://api.example.com/login', {
 *       method: 'POST',
 *       headers: { 'content-type': 'application/json' },
 *       body: JSON.stringify({ username: 'svc', password: process.env.PASSWORD }),
 *     })
 *     const { token, ttl } = await response.json()
 *     return { token, expiresIn: ttl }
 *   },
 *   apply: { header: 'X-Auth-Token' },
 * })
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` for malformed options. A `login` that throws or
 *   returns no usable token fails the waiting requests with `CREDENTIAL_UNAVAILABLE`; a slow
 *   one with `TIMEOUT`.
 */
export function tokenLogin(options: TokenLoginOptions): AuthStrategy {
  const name = 'tokenLogin'
  if (typeof options !== 'object' || options === null)
    throw invalidConfig(name, 'expected an options object')
  const { login, refresh } = options
  if (typeof login !== 'function') throw invalidConfig(name, 'login must be a function')
  if (refresh !== undefined && typeof refresh !== 'function')
    throw invalidConfig(name, 'refresh must be a function')
  const run = async (
    call: (ctx: LoginContext) => Promise<LoginResult>,
    ctx: GrantContext,
  ): Promise<TokenGrant> =>
    toGrant(await callSupplied(name, 'login', () => call(loginContext(ctx))), ctx)
  return tokenStrategy({
    name,
    source: {
      acquire: (ctx) => run(login, ctx),
      ...(refresh && {
        refresh: (refreshToken, ctx) =>
          run((login) => refresh({ ...login, refreshToken }), ctx).catch(() => run(login, ctx)),
      }),
    },
    options,
    // Nothing tells two logins apart: each instance keeps its own token unless given a key.
    defaultKey: `${name} ${randomId()}`,
  })
}

function loginContext({ flow, signal }: GrantContext): LoginContext {
  return {
    signal,
    secret: (value) => flow.secret(value),
    fetch: (input, init = {}) => {
      // Like every token request: a redirect is answered, never followed with the credentials.
      const request = new Request(input, {
        ...init,
        redirect: 'manual',
        signal: init.signal ? AbortSignal.any([init.signal, signal]) : signal,
      })
      assertSecureTransport(new URL(request.url), flow.policy.allowInsecureHttp, 'tokenLogin')
      const authorization = request.headers.get('authorization')
      if (authorization !== null) flow.secret(authorization)
      // The login callback reads the body itself: it gets one that cannot grow past the limit.
      return flow
        .transport(request)
        .then((response) =>
          boundedResponse(response, flow.policy.maxResponseBytes, 'tokenLogin: the login'),
        )
    },
  }
}

function toGrant(result: LoginResult, { flow }: GrantContext): TokenGrant {
  if (typeof result !== 'object' || result === null)
    throw invalid('login must return { token, expiresIn?, refreshToken? }')
  const { token, expiresIn, refreshToken } = result
  if (typeof token !== 'string' || !isCredentialToken(token)) {
    throw invalid('login returned no token, or one with spaces or control characters')
  }
  if (
    expiresIn !== undefined &&
    (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn < 0)
  ) {
    throw invalid('expiresIn must be a non-negative number of seconds')
  }
  if (refreshToken !== undefined) {
    if (typeof refreshToken !== 'string' || refreshToken.length === 0)
      throw invalid('refreshToken must be a non-empty string')
    flow.secret(refreshToken)
  }
  return { accessToken: token, tokenType: 'Bearer', expiresIn, refreshToken }
}

/** The login is the user's function: what it returns wrong is `CREDENTIAL_UNAVAILABLE`. */
function invalid(message: string) {
  return credentialUnavailable('tokenLogin', message)
}
