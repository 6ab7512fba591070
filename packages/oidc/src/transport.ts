import { AuthError, type AuthErrorCode } from '@latchkey/core'
import { assertSecureTransport, type GrantContext } from '@latchkey/core/strategy'
import type { CustomFetch } from 'openid-client'

/** Form parameters that carry a credential: registered so no error can ever show them. */
const SECRET_PARAMETERS = [
  'client_secret',
  'client_assertion',
  'assertion',
  'refresh_token',
  'device_code',
  'subject_token',
  'actor_token',
  'code',
  'code_verifier',
  'password',
]

export interface GrantFetchOptions {
  readonly strategy: string
  /** The code for a server that cannot be reached: `DISCOVERY_FAILED` or `TOKEN_ENDPOINT_ERROR`. */
  readonly unreachable: AuthErrorCode
  /** Sees every response (DPoP nonces are learnt from them). */
  readonly observe?: (url: URL, response: Response) => void
}

/**
 * The fetch openid-client uses for one grant: the raw transport of the request that
 * needed a token (never the intercepted client), redirects never followed, the grant's
 * timeout, plain http only to loopback (or with `allowInsecureHttp`), and every
 * credential in the request registered for redaction before it leaves.
 */
export function grantFetch(ctx: GrantContext, options: GrantFetchOptions): CustomFetch {
  const { strategy, unreachable, observe } = options
  return async (url, init) => {
    const target = new URL(url)
    assertSecureTransport(target, ctx.flow.policy.allowInsecureHttp, strategy)
    registerSecrets(ctx, init.headers, init.body)
    const signal = init.signal ? AbortSignal.any([init.signal, ctx.signal]) : ctx.signal
    let response: Response
    try {
      response = await ctx.flow.transport(
        new Request(target, {
          method: init.method,
          headers: init.headers,
          body: (init.body ?? null) as BodyInit | null,
          redirect: 'manual',
          signal,
        }),
      )
    } catch (error) {
      if (signal.aborted) throw signal.reason ?? error
      throw new AuthError(unreachable, `${strategy}: ${target.origin} could not be reached`, {
        cause: error,
      })
    }
    observe?.(target, response)
    return response
  }
}

function registerSecrets(ctx: GrantContext, headers: Record<string, string>, body: unknown): void {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'authorization' || name.toLowerCase() === 'dpop')
      ctx.flow.secret(value)
  }
  const form =
    body instanceof URLSearchParams
      ? body
      : typeof body === 'string'
        ? new URLSearchParams(body)
        : undefined
  for (const name of SECRET_PARAMETERS) {
    const value = form?.get(name)
    if (value) ctx.flow.secret(value)
  }
}
