import { AuthError } from '../errors/auth-error.js'
import { TOO_MANY_REDIRECTS } from '../errors/codes.js'
import type { AuthRequest, AuthResponse } from '../flow/types.js'
import { isRedirectStatus } from '../policy/redirect.js'
import type { Exchange, HeaderChange } from './exchange.js'

/** How a wrapped transport sends one hop and reads its response. `N` is the client's response. */
export interface Transmitter<N> {
  /**
   * Sends exactly this request, without following redirects. `headerChanges` turn the
   * headers of the request `drive` started from into this one's, for clients that keep
   * their own header object (casing, axios's `false` values): apply just them there.
   */
  send(request: AuthRequest, headerChanges: readonly HeaderChange[]): Promise<N>
  /** Status and headers of a response. */
  view(response: N): AuthResponse
  /** Releases a response that will not reach the caller (a 401 that is retried, a redirect). */
  discard(response: N): void
  /** Follow redirects under Latchkey's policy; `false` hands 3xx responses to the caller. */
  readonly followRedirects: boolean
  /** The most redirects followed before the request fails (the client's own setting). */
  readonly maxRedirects: number
  /**
   * What the caller gets from the final response, for a client that throws for some
   * statuses (axios's `validateStatus`): what it throws is redacted like any failure.
   */
  settle?(response: N): N
  /** The client's own reading of a failure (its error type, a clearer message), before redaction. */
  explain?(error: unknown): unknown
}

/**
 * The request loop for adapters that wrap a transport (fetch, ky's fetch, axios's
 * adapter): prepare, send, let the strategy retry, follow redirects under the policy.
 * Resolves with the response the caller gets.
 */
export async function drive<N>(
  exchange: Exchange,
  request: AuthRequest,
  transmitter: Transmitter<N>,
): Promise<N> {
  let hop = request
  for (let redirects = 0; ; redirects++) {
    let sent = await exchange.prepare(hop)
    let response = await transmitter.send(sent, exchange.changedHeaders(request, sent))
    for (;;) {
      const retry = await exchange.receive(transmitter.view(response))
      if (retry === undefined) break
      transmitter.discard(response)
      sent = retry
      response = await transmitter.send(sent, exchange.changedHeaders(request, sent))
    }
    const { status, headers } = transmitter.view(response)
    if (!transmitter.followRedirects || !isRedirectStatus(status)) return response
    const location = headers.get('location')
    if (location === null) return response
    if (redirects >= transmitter.maxRedirects) {
      transmitter.discard(response)
      throw new AuthError(
        TOO_MANY_REDIRECTS,
        `Stopped after ${transmitter.maxRedirects} redirects from ${request.url.origin}`,
      )
    }
    transmitter.discard(response)
    hop = exchange.redirect(sent, status, location)
  }
}
