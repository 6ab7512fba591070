import { findLeaks, SENTINEL } from '@latchkey/conformance'
import { json, type Kit, startKit } from '@latchkey/conformance/kit'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { oidc } from '../src/index.js'
import { context, firstRequest, rejection } from './helpers.js'

let kit: Kit
beforeAll(async () => {
  kit = await startKit()
})
afterAll(async () => {
  await kit.close()
})
beforeEach(() => kit.reset())

/** An issuer on the kit whose token endpoint answers `body` (status 200). */
function fakeIssuer(path: string, body: unknown): string {
  const issuer = `${kit.http}${path}`
  kit.handle(`${path}/`, (hop, _url, response) =>
    hop.path.endsWith('/token')
      ? json(response, 200, body)
      : json(response, 200, { issuer, token_endpoint: `${issuer}/token` }),
  )
  return issuer
}

describe('errors carry nothing from the response body', () => {
  it('plain http to another machine: INSECURE_TRANSPORT before a byte is sent', async () => {
    const ctx = context()
    const strategy = oidc.clientCredentials({
      issuer: 'http://login.example.com',
      clientId: 'x',
      clientSecret: SENTINEL.clientSecret,
    })
    const error = await rejection(firstRequest(strategy, ctx))
    expect(error).toMatchObject({ code: 'INSECURE_TRANSPORT' })
    expect(ctx.sent).toEqual([])
  })

  it('an unusable token response: INVALID_TOKEN_RESPONSE, and the token it held is nowhere in the error', async () => {
    const issuer = fakeIssuer('/odd', {
      access_token: SENTINEL.token,
      token_type: 'MAC',
      refresh_token: SENTINEL.refreshToken,
    })
    const strategy = oidc.clientCredentials({
      issuer,
      clientId: 'x',
      clientSecret: SENTINEL.clientSecret,
    })
    const error = await rejection(firstRequest(strategy, context()))
    expect(error).toMatchObject({ code: 'INVALID_TOKEN_RESPONSE' })
    // No adapter here, so no redaction: the error itself must hold nothing.
    expect(
      findLeaks(error, [SENTINEL.token, SENTINEL.refreshToken, SENTINEL.clientSecret]),
    ).toEqual([])
  })

  it('DPoP asked for, a Bearer token answered: INVALID_TOKEN_RESPONSE, never sent unbound', async () => {
    const issuer = fakeIssuer('/downgrade', {
      access_token: SENTINEL.token,
      token_type: 'Bearer',
      expires_in: 60,
    })
    const strategy = oidc.clientCredentials({
      issuer,
      clientId: 'x',
      clientSecret: SENTINEL.clientSecret,
      dpop: true,
    })
    const error = await rejection(firstRequest(strategy, context()))
    expect(error).toMatchObject({ code: 'INVALID_TOKEN_RESPONSE' })
    expect((error as Error).message).toMatch(/DPoP/)
    expect(findLeaks(error, [SENTINEL.token])).toEqual([])
  })

  it('a discovery document that is not JSON: DISCOVERY_FAILED', async () => {
    kit.handle('/html/', (_hop, _url, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>')
    })
    const strategy = oidc.clientCredentials({
      issuer: `${kit.http}/html`,
      clientId: 'x',
      clientSecret: SENTINEL.clientSecret,
    })
    expect(await rejection(firstRequest(strategy, context()))).toMatchObject({
      code: 'DISCOVERY_FAILED',
    })
  })
})
