import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ABORTED, AuthError, isAuthError } from '@latchkey/core'

/** A callback the browser delivered; `answer` shows the user how the login ended. */
export interface LoopbackCallback {
  readonly url: URL
  answer(loggedIn: boolean): void
}

/**
 * The loopback redirect listener of RFC 8252 (section 7.3): `127.0.0.1`, an ephemeral
 * port, one callback path. Requests for other paths, or with another `Host` (a DNS
 * rebinding page), are answered 404 / 400 and do not end the login.
 */
export class LoopbackListener {
  readonly redirectUri: string
  readonly #server: ReturnType<typeof createServer>
  readonly #path: string
  readonly #host: string
  readonly #first: Promise<LoopbackCallback>
  #deliver: ((callback: LoopbackCallback) => void) | undefined

  private constructor(server: ReturnType<typeof createServer>, path: string) {
    this.#server = server
    this.#path = path
    this.#host = `127.0.0.1:${(server.address() as AddressInfo).port}`
    this.redirectUri = `http://${this.#host}${path}`
    this.#first = new Promise((resolve) => {
      this.#deliver = resolve
    })
    server.on('request', (request, response) => this.#handle(request, response))
  }

  static async open(path: string): Promise<LoopbackListener> {
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', resolve)
    })
    return new LoopbackListener(server, path)
  }

  /** The first callback; rejects when `signal` aborts (`TIMEOUT` or `ABORTED`, as its reason says). */
  callback(signal: AbortSignal): Promise<LoopbackCallback> {
    return new Promise((resolve, reject) => {
      const abort = () =>
        reject(
          isAuthError(signal.reason)
            ? signal.reason
            : new AuthError(ABORTED, 'the login was cancelled', { cause: signal.reason }),
        )
      if (signal.aborted) return abort()
      signal.addEventListener('abort', abort, { once: true })
      void this.#first.then((callback) => {
        signal.removeEventListener('abort', abort)
        resolve(callback)
      })
    })
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections()
    await new Promise((resolve) => this.#server.close(resolve))
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', `http://${this.#host}`)
    if (request.headers.host !== this.#host) return void page(response, 400, 'Wrong host.')
    if (url.pathname !== this.#path || request.method !== 'GET')
      return void page(response, 404, 'Not found.')
    const deliver = this.#deliver
    if (deliver === undefined) return void page(response, 409, 'This login is already over.')
    this.#deliver = undefined
    deliver({
      url,
      answer: (loggedIn) =>
        loggedIn
          ? page(response, 200, 'You are logged in. You can close this window.')
          : page(response, 400, 'The login failed. You can close this window and try again.'),
    })
  }
}

function page(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    connection: 'close',
  })
  response.end(`<!doctype html><meta charset="utf-8"><title>Login</title><p>${message}</p>`)
}
