import type { IncomingMessage, ServerResponse } from 'node:http'
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INSECURE_TRANSPORT, INVALID_TOKEN_RESPONSE, TOKEN_ENDPOINT_ERROR } from '../src/index.js'
import { type LoopbackServer, startLoopbackServer } from '../src/node/testing.js'
import { requestToken, SECRET_FORM_FIELDS, type TokenClient } from '../src/strategy.js'
import { context } from './helpers.js'

interface Received {
  headers: IncomingMessage['headers']
  form: URLSearchParams
}

let origin = ''
let answer: (response: ServerResponse) => void = () => {}
const received: Received[] = []
let server: LoopbackServer | undefined

beforeAll(async () => {
  server = await startLoopbackServer(async (request, response) => {
    let body = ''
    for await (const chunk of request) body += chunk
    received.push({ headers: request.headers, form: new URLSearchParams(body) })
    answer(response)
  })
  origin = server.origin
})
afterAll(() => server?.close())

function reply(status: number, body: string, type = 'application/json') {
  answer = (response) => {
    response.writeHead(status, { 'content-type': type })
    response.end(body)
  }
}

function call(
  client: TokenClient,
  params: Record<string, string> = { grant_type: 'client_credentials' },
  url = `${origin}/token`,
) {
  received.length = 0
  return requestToken({
    strategy: 'test',
    endpoint: new URL(url),
    client,
    params,
    ctx: context({ transport: (request) => fetch(request) }),
    signal: new AbortController().signal,
  })
}

const secret = 'sentinel-client-secret/+ é'

describe('requestToken', () => {
  it('form-encodes id and secret before Basic (RFC 6749 section 2.3.1)', async () => {
    reply(200, JSON.stringify({ access_token: 'a', token_type: 'Bearer', expires_in: 60 }))
    const grant = await call({
      clientId: 'my client:1',
      clientSecret: secret,
      method: 'client_secret_basic',
    })
    expect(grant).toMatchObject({ accessToken: 'a', tokenType: 'Bearer', expiresIn: 60 })
    const authorization = received[0]?.headers.authorization ?? ''
    const decoded = Buffer.from(authorization.replace('Basic ', ''), 'base64').toString('utf8')
    expect(decoded).toBe('my+client%3A1:sentinel-client-secret%2F%2B+%C3%A9')
    expect(received[0]?.form.get('grant_type')).toBe('client_credentials')
    expect(received[0]?.form.has('client_secret')).toBe(false)
    expect(received[0]?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/)
  })

  it('sends id and secret in the body for client_secret_post', async () => {
    reply(200, JSON.stringify({ access_token: 'a', token_type: 'Bearer' }))
    await call({ clientId: 'id', clientSecret: secret, method: 'client_secret_post' })
    expect(received[0]?.headers.authorization).toBeUndefined()
    expect(received[0]?.form.get('client_id')).toBe('id')
    expect(received[0]?.form.get('client_secret')).toBe(secret)
  })

  it('maps an OAuth error to TOKEN_ENDPOINT_ERROR with its code and status, no secret', async () => {
    reply(
      400,
      JSON.stringify({ error: 'invalid_grant', error_description: `bad secret ${secret}` }),
    )
    const error = await call({
      clientId: 'id',
      clientSecret: secret,
      method: 'client_secret_post',
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: TOKEN_ENDPOINT_ERROR,
      status: 400,
      oauthError: 'invalid_grant',
    })
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY })).not.toContain('sentinel')
  })

  it('maps a 500 page and invalid JSON to typed errors', async () => {
    reply(500, '<html>oops</html>', 'text/html')
    await expect(call({ clientId: 'id', method: 'none' })).rejects.toMatchObject({
      code: TOKEN_ENDPOINT_ERROR,
      status: 500,
    })
    reply(200, '{not json')
    await expect(call({ clientId: 'id', method: 'none' })).rejects.toMatchObject({
      code: INVALID_TOKEN_RESPONSE,
    })
    reply(200, JSON.stringify({ token_type: 'Bearer' }))
    await expect(call({ clientId: 'id', method: 'none' })).rejects.toMatchObject({
      code: INVALID_TOKEN_RESPONSE,
    })
  })

  it('registers every secret form field of the one list before the request leaves', async () => {
    reply(200, JSON.stringify({ access_token: 'a', token_type: 'Bearer' }))
    received.length = 0
    const ctx = context({ transport: (request) => fetch(request) })
    const params = Object.fromEntries(
      SECRET_FORM_FIELDS.map((name) => [name, `sentinel-${name}-value`]),
    )
    await requestToken({
      strategy: 'test',
      endpoint: new URL(`${origin}/token`),
      client: { clientId: 'id', clientSecret: secret, method: 'client_secret_basic' },
      params: { grant_type: 'urn:example:everything', ...params },
      ctx,
      signal: new AbortController().signal,
    })
    for (const name of SECRET_FORM_FIELDS)
      expect(ctx.containsSecret(`echo sentinel-${name}-value`), name).toBe(true)
    expect(ctx.containsSecret(received[0]?.headers.authorization ?? 'none')).toBe(true)
    expect(ctx.containsSecret(secret)).toBe(true)
    expect(ctx.containsSecret('grant_type')).toBe(false)
  })

  it('does not follow a redirect from the token endpoint', async () => {
    answer = (response) => {
      response.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' })
      response.end()
    }
    await expect(
      call({ clientId: 'id', clientSecret: secret, method: 'client_secret_basic' }),
    ).rejects.toMatchObject({
      code: TOKEN_ENDPOINT_ERROR,
      status: 302,
    })
    expect(received).toHaveLength(1)
  })

  it('refuses plain http to another machine before sending', async () => {
    await expect(
      call(
        { clientId: 'id', clientSecret: secret, method: 'client_secret_basic' },
        undefined,
        'http://auth.latchkey.invalid/token',
      ),
    ).rejects.toMatchObject({ code: INSECURE_TRANSPORT })
    expect(received).toHaveLength(0)
  })
})
