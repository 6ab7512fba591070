import type { ServerResponse } from 'node:http'
import type { Hop } from './hop.js'
import type { Handler } from './origin-server.js'
import { echo, json } from './routes.js'

/**
 * How the token endpoint behaves; switchable mid-test. The hostile ones: `echoSecrets`
 * (a 401 whose `error` is the client secret, or the refresh token presented, and whose
 * headers echo the request's `Authorization` and client secret), `swappedFields` (the
 * access token in `token_type`), `endless` (a 200 whose body never ends) and `huge` (a
 * 200 announcing 100 MB, sent for as long as the client reads). `endless` and `huge`
 * apply to the login endpoint too.
 */
export type TokenEndpointMode =
  | 'ok'
  | 'error500'
  | 'invalidJson'
  | 'missingFields'
  | 'hang'
  | 'echoSecrets'
  | 'swappedFields'
  | 'endless'
  | 'huge'

/** What `swappedFields` sends as `token_type`: a word, as a token can be. */
export const SWAPPED_TOKEN = 'sentinel-swapped-access-7c1e'

/** Options of {@link OAuthServer}. */
export interface OAuthServerOptions {
  /** The client id it accepts. */
  readonly clientId: string
  /** The client secret it accepts. */
  readonly clientSecret: string
  /** The username the password grant and the login endpoint accept. */
  readonly username?: string
  /** The password the password grant and the login endpoint accept. */
  readonly password?: string
  /** `expires_in` as sent (a number, a numeric string, or absent). Default 300. */
  readonly expiresIn?: number | string | undefined
  /** `token_type` as sent. Default `Bearer`. */
  readonly tokenType?: string
  /** Milliseconds the token endpoint takes. */
  readonly latencyMs?: number
  /** The token endpoint answers once this settles too (after `latencyMs`). */
  readonly holdUntil?: Promise<unknown>
  /** Refresh tokens are single-use: the old one dies when a new one is issued. */
  readonly rotate?: boolean
  /** Refresh tokens the server accepts from the start. */
  readonly refreshTokens?: readonly string[]
  /** Prefix of issued access tokens. */
  readonly tokenPrefix?: string
}

interface Issued {
  readonly scope: string
  revoked: boolean
}

/**
 * A small OAuth 2 authorization server and protected API for the conformance scenarios:
 * `/oauth/token` (client credentials, refresh token with optional rotation, password),
 * `/oauth/login` (a home-made JSON login), and `/oauth/api/...` which accepts only tokens
 * it issued and not revoked. Query switches on the API: `always401`, `scope=<needed>`,
 * `delay=<ms>` (the token is checked after the delay).
 */
export class OAuthServer {
  /** How the token endpoint answers; tests set it. */
  mode: TokenEndpointMode = 'ok'
  /** Every request the token and login endpoints received, as grant types. */
  readonly grants: string[] = []
  /** How many token and login requests have been answered so far. */
  answered = 0
  /** Every refresh token presented, in order. */
  readonly refreshTokensSeen: string[] = []
  /** Every refresh token refused as already used or unknown. */
  readonly refusedRefreshTokens: string[] = []
  /** Bytes written by `endless` and `huge` responses, and how many the client cut off. */
  readonly streamed = {
    /** Bytes written. */
    bytes: 0,
    /** Responses the client stopped reading before their end. */
    cutOff: 0,
  }
  readonly #options: OAuthServerOptions
  readonly #tokens = new Map<string, Issued>()
  readonly #refreshTokens: Set<string>
  #serial = 0

  constructor(options: OAuthServerOptions) {
    this.#options = options
    this.#refreshTokens = new Set(options.refreshTokens ?? [])
  }

  /** How many token and login requests arrived. */
  get tokenRequests(): number {
    return this.grants.length
  }

  /** Access tokens issued so far (to search errors and events for). */
  get issued(): string[] {
    return [...this.#tokens.keys()]
  }

  /** Revokes every access token issued: the API refuses them from now on. */
  revokeAll(): void {
    for (const issued of this.#tokens.values()) issued.revoked = true
  }

  /** Register with `kit.handle('/oauth', server.handler)`. */
  readonly handler: Handler = async (hop, url, response) => {
    if (hop.path === '/oauth/token') return this.#token(hop, response)
    if (hop.path === '/oauth/login') return this.#login(hop, response)
    return this.#api(hop, url, response)
  }

  async #token(hop: Hop, response: ServerResponse): Promise<void> {
    const form = new URLSearchParams(hop.body.toString('utf8'))
    this.grants.push(form.get('grant_type') ?? '(none)')
    await delay(this.#options.latencyMs ?? 0)
    await this.#options.holdUntil
    if (this.mode === 'hang') return // never answers; the client's timeout must fire
    if (this.mode === 'endless' || this.mode === 'huge') return this.#flood(response)
    response.once('finish', () => this.answered++)
    if (this.mode === 'error500')
      return void response.writeHead(500, { 'content-type': 'text/html' }).end('<h1>down</h1>')
    if (this.mode === 'invalidJson')
      return void response
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"access_token":')
    if (this.mode === 'missingFields') return json(response, 200, { token_type: 'Bearer' })
    if (this.mode === 'swappedFields')
      return json(response, 200, { access_token: 'Bearer', token_type: SWAPPED_TOKEN })
    if (this.mode === 'echoSecrets') {
      const presented = form.get('refresh_token') ?? form.get('password')
      return json(
        response,
        401,
        { error: presented ?? this.#options.clientSecret, error_description: 'echoed' },
        {
          'x-echo-authorization': hop.headers.authorization ?? '',
          'x-echo-secret': this.#options.clientSecret,
        },
      )
    }
    if (!this.#clientAuthenticated(hop, form))
      return json(response, 401, { error: 'invalid_client' })
    const grant = form.get('grant_type')
    if (grant === 'client_credentials')
      return json(response, 200, this.#issue(form.get('scope') ?? '', false))
    if (grant === 'password') {
      const ok =
        form.get('username') === this.#options.username &&
        form.get('password') === this.#options.password
      return ok
        ? json(response, 200, this.#issue(form.get('scope') ?? '', true))
        : json(response, 400, { error: 'invalid_grant' })
    }
    if (grant === 'refresh_token') {
      const presented = form.get('refresh_token') ?? ''
      this.refreshTokensSeen.push(presented)
      if (!this.#refreshTokens.has(presented)) {
        this.refusedRefreshTokens.push(presented)
        return json(response, 400, {
          error: 'invalid_grant',
          error_description: `unknown refresh token ${presented}`,
        })
      }
      if (this.#options.rotate) this.#refreshTokens.delete(presented)
      return json(
        response,
        200,
        this.#issue(form.get('scope') ?? '', this.#options.rotate ?? false),
      )
    }
    return json(response, 400, { error: 'unsupported_grant_type' })
  }

  async #login(hop: Hop, response: ServerResponse): Promise<void> {
    this.grants.push('login')
    await delay(this.#options.latencyMs ?? 0)
    if (this.mode === 'endless' || this.mode === 'huge') return this.#flood(response)
    const body = JSON.parse(hop.body.toString('utf8') || '{}') as {
      username?: string
      password?: string
    }
    if (body.username !== this.#options.username || body.password !== this.#options.password) {
      return json(response, 401, { message: 'wrong credentials' })
    }
    const issued = this.#issue('', false)
    json(response, 200, { token: issued.access_token, ttl: issued.expires_in })
  }

  async #api(hop: Hop, url: URL, response: ServerResponse): Promise<void> {
    await delay(Number(url.searchParams.get('delay') ?? 0))
    const header = hop.headers.authorization ?? hop.headers['x-auth-token'] ?? ''
    const token = header.replace(/^Bearer /i, '')
    const issued = this.#tokens.get(token)
    if (url.searchParams.has('always401') || issued === undefined || issued.revoked) {
      response.writeHead(401, {
        'www-authenticate': 'Bearer realm="conformance", error="invalid_token"',
      })
      return void response.end()
    }
    const needed = url.searchParams.get('scope')
    if (needed !== null && !issued.scope.split(' ').includes(needed)) {
      response.writeHead(403, {
        'www-authenticate': `Bearer error="insufficient_scope", scope="${needed}"`,
      })
      return void response.end()
    }
    echo(hop, url, response)
  }

  /** A JSON body that never ends (`endless`) or is 100 MB long (`huge`), written while read. */
  #flood(response: ServerResponse): void {
    const head = '{"access_token":"'
    const tail = '","token_type":"Bearer"}'
    const declared = this.mode === 'huge' ? 100 * 1024 * 1024 : undefined
    let filler =
      declared === undefined ? Number.POSITIVE_INFINITY : declared - head.length - tail.length
    const chunk = Buffer.alloc(16 * 1024, 'a')
    response.writeHead(200, {
      'content-type': 'application/json',
      ...(declared !== undefined && { 'content-length': declared }),
    })
    response.write(head)
    const more = () => {
      while (!response.destroyed && filler > 0) {
        const piece = filler >= chunk.length ? chunk : chunk.subarray(0, filler)
        filler -= piece.length
        this.streamed.bytes += piece.length
        if (!response.write(piece)) return void response.once('drain', more)
      }
      if (!response.destroyed) response.end(tail)
    }
    response.once('close', () => {
      if (!response.writableFinished) this.streamed.cutOff++
    })
    more()
  }

  #clientAuthenticated(hop: Hop, form: URLSearchParams): boolean {
    const { clientId, clientSecret } = this.#options
    const basic = hop.headers.authorization?.match(/^Basic (.+)$/)?.[1]
    if (basic !== undefined) {
      const [id = '', secret = ''] = Buffer.from(basic, 'base64').toString('utf8').split(':')
      const decode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '))
      return decode(id) === clientId && decode(secret) === clientSecret
    }
    return form.get('client_id') === clientId && form.get('client_secret') === clientSecret
  }

  #issue(scope: string, withRefreshToken: boolean) {
    const n = ++this.#serial
    const accessToken = `${this.#options.tokenPrefix ?? 'sentinel-access'}-${n}-${Math.random().toString(36).slice(2, 8)}`
    this.#tokens.set(accessToken, { scope, revoked: false })
    const refreshToken = withRefreshToken
      ? `sentinel-refresh-${n}-${Math.random().toString(36).slice(2, 8)}`
      : undefined
    if (refreshToken !== undefined) this.#refreshTokens.add(refreshToken)
    const { expiresIn = 300, tokenType = 'Bearer' } = this.#options
    return {
      access_token: accessToken,
      token_type: tokenType,
      ...(expiresIn !== undefined && { expires_in: expiresIn }),
      ...(refreshToken !== undefined && { refresh_token: refreshToken }),
      ...(scope && { scope }),
    }
  }
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()
}
