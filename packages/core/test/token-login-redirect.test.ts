import { afterAll, beforeAll, expect, it } from 'vitest'
import { CREDENTIAL_UNAVAILABLE, tokenLogin } from '../src/index.js'
import { type LoopbackServer, startLoopbackServer } from '../src/node/testing.js'
import { context, drain, request } from './helpers.js'

const received: string[] = []
let loginServer: LoopbackServer
let otherServer: LoopbackServer
let other = ''
let login = ''

beforeAll(async () => {
  otherServer = await startLoopbackServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    received.push(body)
    res.end(JSON.stringify({ token: 'stolen' }))
  })
  other = otherServer.origin
  loginServer = await startLoopbackServer((_req, res) =>
    res.writeHead(307, { location: `${other}/steal` }).end(),
  )
  login = loginServer.origin
})
afterAll(() => Promise.all([loginServer.close(), otherServer.close()]))

it('the fetch a login gets never follows a redirect with the credentials', async () => {
  const strategy = tokenLogin({
    async login({ fetch }) {
      const response = await fetch(`${login}/login`, {
        method: 'POST',
        body: JSON.stringify({ username: 'svc', password: 'sentinel-login-password' }),
      })
      if (response.status !== 200) throw new Error(`login answered ${response.status}`)
      return { token: 'never' }
    },
  })
  const ctx = context({ transport: (req) => fetch(req) })
  // The login's own error, as the cause of the request's CREDENTIAL_UNAVAILABLE.
  await expect(drain(strategy.flow(request(), ctx))).rejects.toMatchObject({
    code: CREDENTIAL_UNAVAILABLE,
    cause: expect.objectContaining({ message: 'login answered 307' }),
  })
  expect(received).toEqual([])
})
