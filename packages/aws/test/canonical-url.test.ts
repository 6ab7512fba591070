import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signableUrl } from '../src/canonical-url.js'
import { WebCryptoSha256 } from '../src/sha256.js'

describe('signableUrl', () => {
  it('hands every service but S3 the path as sent (the signer encodes it again)', () => {
    const url = new URL('https://api.example.com/a%20b/c!d/%7Ee')
    expect(signableUrl(url, false).path).toBe('/a%20b/c!d/%7Ee')
  })

  it('gives S3 its path encoded once, strictly, without normalizing it', () => {
    const path = (input: string) =>
      signableUrl(new URL(input, 'https://b.s3.amazonaws.com'), true).path
    expect(path('/test$file.text')).toBe('/test%24file.text')
    expect(path('/a b/ü.png')).toBe('/a%20b/%C3%BC.png')
    expect(path('/photos/a+b(1)*.jpg')).toBe('/photos/a%2Bb%281%29%2A.jpg')
    expect(path('/%7Efolder//x')).toBe('/~folder//x')
  })

  it('decodes the query into parameters, repeated names keeping every value', () => {
    const { query } = signableUrl(new URL('https://x.example/?b=2&a=1&b=3&c&d=&e=x%3Dy'), false)
    expect(query).toEqual({ a: '1', b: ['2', '3'], c: '', d: '', e: 'x=y' })
  })

  it('keeps a lone % as a literal percent sign', () => {
    const { query, url } = signableUrl(new URL('https://x.example/?p=100%&q=%zz'), false)
    expect(query).toEqual({ p: '100%', q: '%zz' })
    expect(url.search).toBe('?p=100%25&q=%25zz')
  })
})

describe('WebCryptoSha256', () => {
  it('hashes like node:crypto', async () => {
    const hash = new WebCryptoSha256()
    hash.update(new TextEncoder().encode('hello '))
    hash.update(new TextEncoder().encode('world ✓'))
    expect(Buffer.from(await hash.digest()).toString('hex')).toBe(
      createHash('sha256').update('hello world ✓').digest('hex'),
    )
  })

  it('computes HMAC-SHA256 like node:crypto, with a text or byte secret', async () => {
    const data = new TextEncoder().encode('20150830')
    for (const secret of [
      'AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      new Uint8Array([1, 2, 3, 255]),
    ]) {
      const hmac = new WebCryptoSha256(secret)
      hmac.update(data)
      expect(Buffer.from(await hmac.digest()).toString('hex')).toBe(
        createHmac('sha256', secret).update(data).digest('hex'),
      )
    }
  })

  it('starts over after reset()', async () => {
    const hash = new WebCryptoSha256()
    hash.update(new Uint8Array([1, 2, 3]))
    hash.reset()
    expect(Buffer.from(await hash.digest()).toString('hex')).toBe(
      createHash('sha256').digest('hex'),
    )
  })
})
