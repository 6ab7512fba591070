import { request as httpsRequest } from 'node:https'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoCredentials, findLeaks, type Kit, SENTINEL, startKit } from '../src/index.js'

describe('the kit', () => {
  let kit: Kit
  beforeAll(async () => {
    kit = await startKit()
  }, 60_000)
  afterAll(() => kit.close())

  it('records every hop, with header names as sent', async () => {
    kit.reset()
    await fetch(`${kit.http}/echo/x?a=1`, {
      method: 'POST',
      body: 'hi',
      headers: { 'X-Mixed-Case': 'v' },
    })
    const [hop] = kit.log.all()
    expect(hop?.origin).toBe(kit.http)
    expect(hop?.method).toBe('POST')
    expect(hop?.query.get('a')).toBe('1')
    expect(hop?.body.toString()).toBe('hi')
    expect(hop?.headers['x-mixed-case']).toBe('v')
  })

  it('serves https with a certificate only its CA vouches for', async () => {
    const get = (ca?: string) =>
      new Promise<number>((resolve, reject) => {
        const options = ca === undefined ? {} : { ca }
        httpsRequest(`${kit.https}/echo/tls`, options, (response) => {
          response.resume()
          resolve(response.statusCode ?? 0)
        })
          .on('error', reject)
          .end()
      })
    expect(await get(kit.ca)).toBe(200)
    await expect(get()).rejects.toThrow(/self-signed|unable to verify|certificate/i)
  })

  it('redirects as told and fails on the closed origin', async () => {
    const response = await fetch(`${kit.http}/redirect?status=307&to=/echo/there`, {
      redirect: 'manual',
    })
    expect(response.status).toBe(307)
    expect(response.headers.get('location')).toBe('/echo/there')
    await expect(fetch(`${kit.closed}/`)).rejects.toThrow()
  })

  it('lets a hop with a credential fail expectNoCredentials', async () => {
    kit.reset()
    await fetch(`${kit.http}/echo/leak`, { headers: { authorization: `Bearer ${SENTINEL.token}` } })
    expect(() => expectNoCredentials(kit.log.all()[0])).toThrow()
  })
})

describe('findLeaks', () => {
  it('finds a secret in the message, the cause chain, JSON and inspect output', () => {
    const inner = new Error(`low level ${SENTINEL.token}`)
    const outer = Object.assign(new Error('outer', { cause: inner }), {
      config: { key: SENTINEL.apiKey },
    })
    const leaks = findLeaks(outer)
    expect(leaks.some((leak) => leak.startsWith('error.cause.message'))).toBe(true)
    expect(
      leaks.some(
        (leak) => leak.startsWith('JSON.stringify(error)') && leak.endsWith(SENTINEL.apiKey),
      ),
    ).toBe(true)
    expect(leaks.some((leak) => leak.startsWith('util.inspect(error)'))).toBe(true)
  })

  it('finds the base64 form of Basic credentials and survives cycles', () => {
    const basic = Buffer.from(`${SENTINEL.username}:${SENTINEL.password}`).toString('base64')
    const error: Error & { self?: unknown } = new Error(`Authorization: Basic ${basic}`)
    error.self = error
    expect(findLeaks(error)).not.toEqual([])
    expect(findLeaks(new Error('clean'))).toEqual([])
  })
})
