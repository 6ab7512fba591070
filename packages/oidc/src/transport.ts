import { AuthError, type AuthErrorCode, DISCOVERY_FAILED } from '@latchkey/core'
import { isRedirectStatus, resolveRedirect } from '@latchkey/core/adapter'
import {
  assertSecureTransport,
  boundedResponse,
  type GrantContext,
  registerRequestSecrets,
} from '@latchkey/core/strategy'
import type { CustomFetch } from 'openid-client'

export interface GrantFetchOptions {
  readonly strategy: string
  /** The code for a server that cannot be reached: `DISCOVERY_FAILED` or `TOKEN_ENDPOINT_ERROR`. */
  readonly unreachable: AuthErrorCode
  /**
   * Follow redirects within the origin, up to this many (discovery: a provider that
   * redirects `/.well-known/openid-configuration` to its slashed form). Another origin
   * is refused with `DISCOVERY_FAILED`. Default 0: a redirect is the answer.
   */
  readonly sameOriginRedirects?: number
}

/**
 * The fetch openid-client uses for one grant: the raw transport of the request that
 * needed a token (never the intercepted client), redirects not followed (but for
 * discovery's same-origin ones), the grant's timeout, plain http only to loopback (or
 * with `allowInsecureHttp`), every credential in the request registered for redaction
 * before it leaves, and response bodies bounded by `maxResponseBytes`
 * (`RESPONSE_TOO_LARGE`, the connection closed).
 */
export function grantFetch(ctx: GrantContext, options: GrantFetchOptions): CustomFetch {
  const { strategy, unreachable, sameOriginRedirects = 0 } = options
  return async (url, init) => {
    registerRequestSecrets((value) => ctx.flow.secret(value), init.headers, init.body)
    const signal = init.signal ? AbortSignal.any([init.signal, ctx.signal]) : ctx.signal
    let target = new URL(url)
    let response = await send(target)
    for (let hops = 0; isRedirectStatus(response.status); hops++) {
      const location = response.headers.get('location')
      if (sameOriginRedirects === 0 || location === null) break
      const next = resolveRedirect(target, location)
      await response.body?.cancel().catch(() => {})
      if (next.origin !== target.origin)
        throw new AuthError(
          DISCOVERY_FAILED,
          `${strategy}: ${target.origin} redirected to another origin (${next.origin}), which is not followed`,
        )
      if (hops >= sameOriginRedirects)
        throw new AuthError(
          DISCOVERY_FAILED,
          `${strategy}: more than ${sameOriginRedirects} redirects from ${target.origin}`,
        )
      target = next
      response = await send(target)
    }
    return boundedResponse(
      response,
      ctx.flow.policy.maxResponseBytes,
      `${strategy}: ${target.origin}`,
    )

    async function send(to: URL): Promise<Response> {
      assertSecureTransport(to, ctx.flow.policy.allowInsecureHttp, strategy)
      let answer: Response
      try {
        answer = await ctx.flow.transport(
          new Request(to, {
            method: init.method,
            headers: init.headers,
            body: (init.body ?? null) as BodyInit | null,
            redirect: 'manual',
            signal,
          }),
        )
      } catch (error) {
        if (signal.aborted) throw signal.reason ?? error
        throw new AuthError(unreachable, `${strategy}: ${to.origin} could not be reached`, {
          cause: error,
        })
      }
      return answer
    }
  }
}
