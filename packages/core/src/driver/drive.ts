import { AuthError } from '../errors/auth-error.js'
import { TOO_MANY_REDIRECTS } from '../errors/codes.js'
import type { AuthRequest, AuthResponse } from '../flow/types.js'
import { isRedirectStatus } from '../policy/redirect.js'
import type { Exchange } from './exchange.js'

/** How a wrapped transport sends one hop and reads its response. `N` is the client's response. */
export interface Transmitter<N> {
  /** Sends exactly this request, without following redirects. */
  send(request: AuthRequest): Promise<N>
  /** Status and headers of a response. */
  view(response: N): AuthResponse
  /** Releases a response that will not reach the caller (a 401 that is retried, a redirect). */
  discard(response: N): void
  /** Follow redirects under Latchkey's policy; `false` hands 3xx responses to the caller. */
  readonly followRedirects: boolean
  readonly maxRedirects: number
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
    let response = await transmitter.send(sent)
    for (;;) {
      const retry = await exchange.receive(transmitter.view(response))
      if (retry === undefined) break
      transmitter.discard(response)
      sent = retry
      response = await transmitter.send(sent)
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
