import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sendJson } from '@latchkey/core/testing/node'

/**
 * A loopback OAuth token endpoint that counts what it is asked, plus an API that accepts
 * only the access tokens it issued and has not revoked. Refresh tokens are single use
 * (rotation): a second use is `invalid_grant`. `hold()` makes the next token request hang
 * (its process can then be killed mid-request).
 */
export class TokenServer {
  tokenRequests = 0
  invalidGrants = 0
  apiRequests = 0
  #issued = 0
  readonly #accessTokens = new Set<string>()
  readonly #refreshTokens = new Set<string>()
  #holding: (() => void) | undefined
  readonly #server = createServer((request, response) => this.#handle(request, response))

  static async start(): Promise<TokenServer> {
    const server = new TokenServer()
    // Longer than any test: an idle keep-alive socket closed under a client reusing it
    // would be an ECONNRESET of the test's own making.
    server.#server.keepAliveTimeout = 120_000
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve))
    return server
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`
  }

  /** A refresh token the server will honour once. */
  issueRefreshToken(): string {
    const token = `refresh-${++this.#issued}`
    this.#refreshTokens.add(token)
    return token
  }

  /** Every access token issued so far is refused from now on. */
  revoke(): void {
    this.#accessTokens.clear()
  }

  /** The next token request is held (never answered); resolves when it has arrived. */
  hold(): Promise<void> {
    return new Promise((resolve) => {
      this.#holding = resolve
    })
  }

  reset(): void {
    this.tokenRequests = 0
    this.invalidGrants = 0
    this.apiRequests = 0
  }

  close(): Promise<void> {
    this.#server.closeAllConnections()
    return new Promise((resolve) => this.#server.close(() => resolve()))
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = ''
    for await (const chunk of request) body += chunk
    const path = new URL(request.url ?? '/', this.origin).pathname
    if (path === '/token') return this.#token(new URLSearchParams(body), response)
    this.apiRequests++
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '')
    if (this.#accessTokens.has(token)) return sendJson(response, 200, { ok: true })
    sendJson(
      response,
      401,
      { error: 'invalid_token' },
      { 'www-authenticate': 'Bearer error="invalid_token"' },
    )
  }

  #token(form: URLSearchParams, response: ServerResponse): void {
    this.tokenRequests++
    if (this.#holding !== undefined) {
      const arrived = this.#holding
      this.#holding = undefined
      arrived()
      return
    }
    if (form.get('grant_type') === 'refresh_token') {
      const used = form.get('refresh_token') ?? ''
      if (!this.#refreshTokens.delete(used)) {
        this.invalidGrants++
        sendJson(response, 400, { error: 'invalid_grant' })
        return
      }
    }
    const accessToken = `access-${++this.#issued}`
    this.#accessTokens.add(accessToken)
    const rotated =
      form.get('grant_type') === 'refresh_token' ? this.issueRefreshToken() : undefined
    // A little latency, so concurrent waiters really overlap the request.
    setTimeout(
      () =>
        sendJson(response, 200, {
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: 300,
          ...(rotated !== undefined && { refresh_token: rotated }),
        }),
      50,
    )
  }
}
