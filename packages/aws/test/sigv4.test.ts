import { createHash } from 'node:crypto'
import { Sha256 } from '@aws-crypto/sha256-js'
import { type AuthError, INVALID_CONFIG, isAuthError, UNSIGNABLE_REQUEST } from '@latchkey/core'
import { bytesBody, oneShotBody } from '@latchkey/core/adapter'
import { thrown } from '@latchkey/core/testing'
import { describe, expect, it } from 'vitest'
import { type AwsSigV4Options, awsSigV4 } from '../src/index.js'
import { authorization, context, request, signed } from './helpers.js'

/** The credentials of the S3 SigV4 documentation's examples. */
const S3_EXAMPLE = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}
const MAY_24_2013 = Date.UTC(2013, 4, 24)
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

const SECRET = 'sentinel-aws-secret-key-6d0f'
const SESSION_TOKEN = 'sentinel-aws-session-token-b81e'
const credentials = { accessKeyId: 'AKIDSENTINEL', secretAccessKey: SECRET }

function sha256Hex(bytes: string | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function expectInvalid(build: () => unknown): AuthError {
  const error = thrown(build) as AuthError
  expect(error?.code).toBe(INVALID_CONFIG)
  return error
}

describe('awsSigV4: the published S3 examples', () => {
  const s3 = awsSigV4({ region: 'us-east-1', service: 's3', credentials: S3_EXAMPLE })

  it('GET Object with a Range header', async () => {
    const sent = await signed(
      s3.flow(
        request('https://examplebucket.s3.amazonaws.com/test.txt', {
          headers: { Range: 'bytes=0-9' },
        }),
        context(MAY_24_2013),
      ),
    )
    expect(sent.headers.get('x-amz-date')).toBe('20130524T000000Z')
    expect(sent.headers.get('x-amz-content-sha256')).toBe(EMPTY_SHA256)
    expect(sent.headers.get('authorization')).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    )
  })

  it('GET Bucket (list objects) with a query string', async () => {
    const sent = await signed(
      s3.flow(
        request('https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J'),
        context(MAY_24_2013),
      ),
    )
    expect(authorization(sent).signature).toBe(
      '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7',
    )
  })

  it('gives the same signature with @aws-crypto/sha256-js as with Web Crypto', async () => {
    const js = awsSigV4({
      region: 'us-east-1',
      service: 's3',
      credentials: S3_EXAMPLE,
      sha256: Sha256,
    })
    const input = () =>
      request('https://examplebucket.s3.amazonaws.com/a%20b?x=1', {
        method: 'PUT',
        body: bytesBody('x', 'some bytes ✓'),
      })
    const [viaWebCrypto, viaJs] = await Promise.all([
      signed(s3.flow(input(), context(MAY_24_2013))),
      signed(js.flow(input(), context(MAY_24_2013))),
    ])
    expect(viaJs.headers.get('authorization')).toBe(viaWebCrypto.headers.get('authorization'))
    expect(viaJs.headers.get('x-amz-content-sha256')).toBe(sha256Hex('some bytes ✓'))
  })
})

describe('awsSigV4: what is signed', () => {
  const strategy = awsSigV4({ region: 'eu-west-1', service: 'execute-api', credentials })

  it('dates the signature with the flow clock', async () => {
    const sent = await signed(
      strategy.flow(request('https://api.example.com/'), context(Date.UTC(2030, 0, 2, 3, 4, 5))),
    )
    expect(sent.headers.get('x-amz-date')).toBe('20300102T030405Z')
    expect(authorization(sent).credential).toBe(
      'AKIDSENTINEL/20300102/eu-west-1/execute-api/aws4_request',
    )
  })

  it('hashes the exact body bytes into x-amz-content-sha256', async () => {
    const json = JSON.stringify({ name: 'ü ✓', list: [1, 2] })
    const sent = await signed(
      strategy.flow(
        request('https://api.example.com/items', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: bytesBody(json, json),
        }),
        context(),
      ),
    )
    expect(sent.headers.get('x-amz-content-sha256')).toBe(sha256Hex(json))
    expect(authorization(sent).signedHeaders).toEqual([
      'content-type',
      'host',
      'x-amz-content-sha256',
      'x-amz-date',
    ])
  })

  it('signs the caller headers but not the ones the transport owns', async () => {
    const sent = await signed(
      strategy.flow(
        request('https://api.example.com/', {
          headers: {
            'X-Custom': '  a   b  ',
            'User-Agent': 'ua/1',
            'Content-Length': '0',
            Connection: 'keep-alive',
            Date: 'Fri, 24 May 2013 00:00:00 GMT',
          },
        }),
        context(),
      ),
    )
    expect(authorization(sent).signedHeaders).toEqual([
      'host',
      'x-amz-content-sha256',
      'x-amz-date',
      'x-custom',
    ])
    // Everything the caller set still goes out, unchanged.
    expect(sent.headers.get('user-agent')).toBe('ua/1')
    expect(sent.headers.get('date')).toBe('Fri, 24 May 2013 00:00:00 GMT')
  })

  it('sends and signs a session token, and registers both secrets for scrubbing', async () => {
    const ctx = context()
    const sent = await signed(
      awsSigV4({
        region: 'eu-west-1',
        service: 'execute-api',
        credentials: { ...credentials, sessionToken: SESSION_TOKEN },
      }).flow(request('https://api.example.com/'), ctx),
    )
    expect(sent.headers.get('x-amz-security-token')).toBe(SESSION_TOKEN)
    expect(authorization(sent).signedHeaders).toContain('x-amz-security-token')
    expect(ctx.registered).toEqual(expect.arrayContaining([SECRET, SESSION_TOKEN]))
    // The secret access key itself never travels.
    expect(JSON.stringify([...sent.headers])).not.toContain(SECRET)
  })

  it('re-encodes the query canonically: %20 for a space, ~ bare, UTF-8, order and repeats kept', async () => {
    const sent = await signed(
      strategy.flow(
        request(
          'https://api.example.com/search?q=a+b&q=c%20d&tilde=%7E&eq=x%3Dy&plus=%2B&ü=✓&flag',
        ),
        context(),
      ),
    )
    expect(sent.url.search).toBe('?q=a%20b&q=c%20d&tilde=~&eq=x%3Dy&plus=%2B&%C3%BC=%E2%9C%93&flag')
    expect(sent.url.pathname).toBe('/search')
  })

  it('leaves a canonical query alone and does not mutate the request it is given', async () => {
    const original = request('https://api.example.com/a?b=1&c=two%20words')
    const sent = await signed(strategy.flow(original, context()))
    expect(sent.url.href).toBe(original.url.href)
    expect(original.headers.has('authorization')).toBe(false)
  })

  it('refuses a query that is not UTF-8 with UNSIGNABLE_REQUEST', async () => {
    await expect(
      signed(strategy.flow(request('https://api.example.com/?bad=%FF'), context())),
    ).rejects.toMatchObject({ code: UNSIGNABLE_REQUEST })
  })
})

describe('awsSigV4: payloads', () => {
  const stream = () => oneShotBody(new ReadableStream())

  it('refuses to sign a one-shot stream when the payload must be signed', async () => {
    const error = await signed(
      awsSigV4({ region: 'us-east-1', service: 'execute-api', credentials }).flow(
        request('https://api.example.com/upload', { method: 'PUT', body: stream() }),
        context(),
      ),
    ).then(
      () => undefined,
      (thrown: unknown) => thrown,
    )
    expect(isAuthError(error)).toBe(true)
    expect((error as AuthError).code).toBe(UNSIGNABLE_REQUEST)
    expect((error as AuthError).message).toMatch(/one-shot stream/)
  })

  it('signs UNSIGNED-PAYLOAD without reading the body when told to', async () => {
    const strategy = awsSigV4({
      region: 'us-east-1',
      service: 's3',
      credentials,
      payload: 'unsigned',
    })
    const body = stream()
    const sent = await signed(
      strategy.flow(
        request('https://bucket.s3.amazonaws.com/key', { method: 'PUT', body }),
        context(),
      ),
    )
    expect(sent.headers.get('x-amz-content-sha256')).toBe('UNSIGNED-PAYLOAD')
    expect(authorization(sent).signedHeaders).toContain('x-amz-content-sha256')
    expect(sent.body).toBe(body)
  })

  it('hashes an empty body as the empty string', async () => {
    const sent = await signed(
      awsSigV4({ region: 'us-east-1', service: 'execute-api', credentials }).flow(
        request('https://api.example.com/', { method: 'POST', body: bytesBody('', '') }),
        context(),
      ),
    )
    expect(sent.headers.get('x-amz-content-sha256')).toBe(EMPTY_SHA256)
  })
})

describe('awsSigV4: configuration', () => {
  const valid: AwsSigV4Options = { region: 'us-east-1', service: 's3', credentials }

  it('validates region, service, payload and sha256 when built', () => {
    for (const region of ['', 'us east', 'us/east', 1]) {
      expectInvalid(() => awsSigV4({ ...valid, region } as AwsSigV4Options))
    }
    for (const service of ['', 'exec api', 's3/x', undefined]) {
      expectInvalid(() => awsSigV4({ ...valid, service } as AwsSigV4Options))
    }
    expectInvalid(() => awsSigV4({ ...valid, payload: 'streaming' } as unknown as AwsSigV4Options))
    expectInvalid(() => awsSigV4({ ...valid, sha256: 'sha256' } as unknown as AwsSigV4Options))
    expectInvalid(() => awsSigV4(undefined as unknown as AwsSigV4Options))
    expect(awsSigV4({ ...valid, region: 'auto' }).name).toBe('awsSigV4')
  })

  it('validates static credentials without echoing them', () => {
    const cases: unknown[] = [
      undefined,
      'AKID:secret',
      { accessKeyId: '', secretAccessKey: SECRET },
      { accessKeyId: 'AKID/x', secretAccessKey: SECRET },
      { accessKeyId: 'AKID', secretAccessKey: '' },
      { accessKeyId: 'AKID', secretAccessKey: SECRET, sessionToken: `${SESSION_TOKEN}\n` },
      { accessKeyId: 'AKID', secretAccessKey: SECRET, expiration: new Date(Number.NaN) },
    ]
    for (const bad of cases) {
      const error = expectInvalid(() => awsSigV4({ ...valid, credentials: bad } as AwsSigV4Options))
      expect(error.message).not.toContain(SECRET)
      expect(error.message).not.toContain(SESSION_TOKEN)
    }
  })

  it('declares every header it adds, so a cross-origin redirect strips them all', () => {
    expect(awsSigV4(valid).secrets).toEqual({
      headers: ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'],
      query: [],
      // The caller's SSE-C keys: stripped with them, without marking the request as signed.
      carried: [
        'x-amz-server-side-encryption-customer-key',
        'x-amz-server-side-encryption-customer-key-md5',
        'x-amz-copy-source-server-side-encryption-customer-key',
        'x-amz-copy-source-server-side-encryption-customer-key-md5',
      ],
    })
  })

  it('keeps no secret on the strategy object', () => {
    const strategy = awsSigV4({
      ...valid,
      credentials: { ...credentials, sessionToken: SESSION_TOKEN },
    })
    const text = JSON.stringify(strategy)
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain(SESSION_TOKEN)
  })
})
