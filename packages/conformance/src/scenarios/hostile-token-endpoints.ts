import { inspect } from 'node:util'
import { type AuthEvent, isAuthError, oauth2, tokenLogin } from '@latchkey/core'
import { rejection } from '@latchkey/core/testing'
import { expect } from '../expect.js'
import { OAuthServer, SWAPPED_TOKEN } from '../kit/oauth-server.js'
import { findLeaks } from '../leaks.js'
import { SENTINEL, sentinelForms } from '../sentinels.js'
import type { Suite } from '../suite.js'

/** A refresh token shaped like an OAuth error code, so only a secret check can catch its echo. */
const CODE_SHAPED_REFRESH_TOKEN = 'sentinel_refresh_token_b41d'

function world(suite: Suite) {
  const kit = suite.kit()
  const server = new OAuthServer({
    clientId: 'conformance',
    clientSecret: SENTINEL.clientSecret,
    username: SENTINEL.username,
    password: SENTINEL.password,
    refreshTokens: [CODE_SHAPED_REFRESH_TOKEN],
  })
  kit.handle('/oauth', server.handler)
  const events: AuthEvent[] = []
  const auth = { onEvent: (event: AuthEvent) => events.push(event) }
  return {
    kit,
    server,
    events,
    auth,
    api: `${kit.http}/oauth/api/x`,
    tokenUrl: `${kit.http}/oauth/token`,
  }
}

/** Every form of the client's credentials a server can echo: raw, Basic, base64 alone. */
function clientCredentialForms(): string[] {
  const pair = Buffer.from(`conformance:${SENTINEL.clientSecret}`).toString('base64')
  return [...sentinelForms(), CODE_SHAPED_REFRESH_TOKEN, pair, SWAPPED_TOKEN]
}

/** Everything reachable from an error, hidden properties included. */
function everything(error: unknown): string {
  return inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })
}

/**
 * Issue 10, points 6, 7, 9 and 11: a token endpoint (or login) that answers with what it
 * should not: secrets echoed in `error` and in headers, a token where a field name goes,
 * bodies that never end. Nothing of it reaches an error or an event, and nothing unbounded
 * is read.
 */
export function hostileTokenEndpointScenarios(suite: Suite): void {
  const { describe, it } = suite.test
  describe('hostile token endpoints', () => {
    it('an error code that echoes the refresh token is replaced, in the error and the event', async () => {
      const { server, events, auth, api, tokenUrl } = world(suite)
      server.mode = 'echoSecrets'
      const strategy = oauth2.refreshToken({
        tokenUrl,
        clientId: 'conformance',
        clientSecret: SENTINEL.clientSecret,
        refreshToken: CODE_SHAPED_REFRESH_TOKEN,
      })
      const error = await rejection(suite.client(strategy, { auth }).request({ url: api }))
      expect(isAuthError(error), `expected an AuthError, got ${String(error)}`).toBe(true)
      expect(error).toMatchObject({
        code: 'TOKEN_ENDPOINT_ERROR',
        oauthError: 'unregistered_error',
      })
      expect(events).toContainEqual(
        expect.objectContaining({ type: 'failed', oauthError: 'unregistered_error' }),
      )
      expect(JSON.stringify(events)).not.toContain('sentinel')
      for (const secret of clientCredentialForms()) expect(everything(error)).not.toContain(secret)
    })

    it("echoed client credentials in the token endpoint's headers are scrubbed", async () => {
      const { server, events, auth, api, tokenUrl } = world(suite)
      server.mode = 'echoSecrets'
      const strategy = oauth2.clientCredentials({
        tokenUrl,
        clientId: 'conformance',
        clientSecret: SENTINEL.clientSecret,
      })
      const error = await rejection(suite.client(strategy, { auth }).request({ url: api }))
      expect(error).toMatchObject({ code: 'TOKEN_ENDPOINT_ERROR', status: 401 })
      const headers = (error as { response?: { headers: Headers } }).response?.headers
      expect(headers?.get('x-echo-authorization'), 'the echoed header, scrubbed').toContain(
        '[REDACTED]',
      )
      for (const secret of clientCredentialForms()) expect(everything(error)).not.toContain(secret)
      expect(findLeaks(error, clientCredentialForms())).toEqual([])
      expect(JSON.stringify(events)).not.toContain('sentinel')
    })

    it('a token where token_type goes is not printed', async () => {
      const { server, events, auth, api, tokenUrl } = world(suite)
      server.mode = 'swappedFields'
      const strategy = oauth2.clientCredentials({
        tokenUrl,
        clientId: 'conformance',
        clientSecret: SENTINEL.clientSecret,
      })
      const error = await rejection(suite.client(strategy, { auth }).request({ url: api }))
      expect(error).toMatchObject({ code: 'INVALID_TOKEN_RESPONSE' })
      expect(everything(error)).not.toContain(SWAPPED_TOKEN)
      expect(JSON.stringify(events)).not.toContain(SWAPPED_TOKEN)
    })

    for (const mode of ['endless', 'huge'] as const) {
      it(`a token response that is ${mode === 'endless' ? 'endless' : '100 MB'}: RESPONSE_TOO_LARGE, the connection closed`, async () => {
        const { server, auth, api, tokenUrl } = world(suite)
        server.mode = mode
        const strategy = oauth2.clientCredentials({
          tokenUrl,
          clientId: 'conformance',
          clientSecret: SENTINEL.clientSecret,
          timeout: 10_000,
        })
        const error = await rejection(suite.client(strategy, { auth }).request({ url: api }))
        expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE' })
        await cutOff(server)
        // The client stopped reading: what was written is bounded by socket buffers.
        expect(server.streamed.bytes).toBeLessThan(16 * 1024 * 1024)
      })

      it(`a login whose response is ${mode === 'endless' ? 'endless' : '100 MB'}: the body the login reads is bounded`, async () => {
        const { server, kit, auth, api } = world(suite)
        server.mode = mode
        const strategy = tokenLogin({
          async login({ fetch }) {
            const response = await fetch(`${kit.http}/oauth/login`, { method: 'POST', body: '{}' })
            const { token } = (await response.json()) as { token: string }
            return { token }
          },
          timeout: 10_000,
        })
        const error = await rejection(suite.client(strategy, { auth }).request({ url: api }))
        expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE' })
        await cutOff(server)
        expect(server.streamed.bytes).toBeLessThan(16 * 1024 * 1024)
      })
    }

    it('maxResponseBytes lowers the limit', async () => {
      const { auth, api, tokenUrl } = world(suite)
      const strategy = oauth2.clientCredentials({
        tokenUrl,
        clientId: 'conformance',
        clientSecret: SENTINEL.clientSecret,
      })
      const error = await rejection(
        suite.client(strategy, { auth: { ...auth, maxResponseBytes: 16 } }).request({ url: api }),
      )
      expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE' })
    })
  })
}

/** Waits (a bounded number of turns) until the server saw the client close the response. */
async function cutOff(server: OAuthServer): Promise<void> {
  for (let turn = 0; turn < 200 && server.streamed.cutOff === 0; turn++)
    await new Promise((resolve) => setTimeout(resolve, 10))
  expect(server.streamed.cutOff, 'the client should close the connection').toBeGreaterThan(0)
}
