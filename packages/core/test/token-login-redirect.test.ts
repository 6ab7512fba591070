import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { CREDENTIAL_UNAVAILABLE, tokenLogin } from '../src/index.js'
import { context, drain, request } from './helpers.js'

const received: string[] = []
let loginServer: Server
let otherServer: Server
let other = ''
let login = ''

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

beforeAll(async () => {
  otherServer = createServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    received.push(body)
    res.end(JSON.stringify({ token: 'stolen' }))
  })
  other = await listen(otherServer)
  loginServer = createServer((_req, res) =>
    res.writeHead(307, { location: `${other}/steal` }).end(),
  )
  login = await listen(loginServer)
})
afterAll(() => {
  loginServer.close()
  otherServer.close()
})

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
