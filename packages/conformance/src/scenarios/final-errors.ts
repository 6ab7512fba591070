import { bearer, isAuthError } from '@latchkey/core'
import { expect } from '../expect.js'
import type { TokenEndpointMode } from '../kit/oauth-server.js'
import { tokenEndpointIn } from '../kit/token-endpoint.js'
import { SENTINEL } from '../sentinels.js'
import type { Suite } from '../suite.js'

/** The client's own retry, on for network errors and a 503 as users configure it. */
const retry = { limit: 2, statusCodes: [503] }

/**
 * A Latchkey `AuthError` is final: no retry fixes a broken token endpoint or a refused
 * redirect, so the client's own retry must not run the request (and the token request) again.
 */
export function finalErrorScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe("an AuthError is final: the client's retry leaves it alone", () => {
    const modes: [TokenEndpointMode, string][] = [
      ['invalidJson', 'INVALID_TOKEN_RESPONSE'],
      ['error500', 'TOKEN_ENDPOINT_ERROR'],
      ['hang', 'TIMEOUT'],
    ]
    for (const [mode, code] of modes) {
      it(`token endpoint ${mode} -> ${code} after exactly 1 token request`, async () => {
        const kit = suite.kit()
        const { server, strategy } = tokenEndpointIn(kit, mode, {
          // Short only where the endpoint hangs: a busy machine must not turn the others into TIMEOUT.
          timeout: mode === 'hang' ? 200 : 10_000,
        })
        const error = await suite
          .client(strategy, { retry })
          .request({ url: `${kit.http}/oauth/api/final` })
          .then(
            () => undefined,
            (thrown: unknown) => thrown,
          )
        expect(isAuthError(error), `expected an AuthError, got ${String(error)}`).toBe(true)
        expect((error as { code: string }).code).toBe(code)
        expect(server.tokenRequests).toBe(1)
        expect(kit.log.at('/oauth/api')).toHaveLength(0)
      })
    }

    // A browser follows a redirect itself and refuses this one with a network error, which
    // names no reason and which the client's retry (on for network errors) may well retry.
    it.skipIf(suite.adapter.supports?.readsRedirects === false)(
      'a refused redirect -> UNSAFE_REDIRECT after exactly 1 request',
      async () => {
        const kit = suite.kit()
        const error = await suite
          .client(bearer(SENTINEL.token), { retry })
          .request({ url: `${kit.http}/redirect?status=302&to=${encodeURIComponent('ftp://x/')}` })
          .then(
            () => undefined,
            (thrown: unknown) => thrown,
          )
        expect((error as { code?: string } | undefined)?.code).toBe('UNSAFE_REDIRECT')
        expect(kit.log.all()).toHaveLength(1)
      },
    )
  })
}
