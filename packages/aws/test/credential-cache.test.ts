import {
  ABORTED,
  type AuthError,
  INVALID_CONFIG,
  isAuthError,
  REFRESH_FAILED,
} from '@latchkey/core'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { CredentialCache, REFRESH_WINDOW_MS } from '../src/credential-cache.js'
import type { AwsCredentials } from '../src/credentials.js'
import { type AwsCredentialSource, awsSigV4 } from '../src/index.js'
import { authorization, context, deferred, request, signed } from './helpers.js'

const T0 = Date.UTC(2030, 0, 1)
const HOUR = 60 * 60 * 1000
const SECRET = 'sentinel-aws-secret-key-6d0f'

/** A provider handing out numbered credentials that expire `ttl` after the clock's now. */
function provider(clock: { now: number }, ttl = HOUR) {
  const calls = { count: 0 }
  const get = async (): Promise<AwsCredentials> => {
    calls.count++
    return {
      accessKeyId: `AKID${calls.count}`,
      secretAccessKey: `${SECRET}-${calls.count}`,
      sessionToken: `token-${calls.count}`,
      expiration: new Date(clock.now + ttl),
    }
  }
  return Object.assign(get, { calls })
}

function clockAt(now: number) {
  const at = { now }
  return { at, clock: { now: () => at.now } }
}

async function failure(promise: Promise<unknown>): Promise<AuthError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  )
  expect(isAuthError(outcome), `expected an AuthError, got ${String(outcome)}`).toBe(true)
  return outcome as AuthError
}

describe('CredentialCache', () => {
  it('calls the provider once for concurrent requests on a cold cache', async () => {
    const { at, clock } = clockAt(T0)
    const source = provider(at)
    const cache = new CredentialCache(source)
    const results = await Promise.all(Array.from({ length: 10 }, () => cache.get(clock)))
    expect(source.calls.count).toBe(1)
    expect(new Set(results.map((credentials) => credentials.accessKeyId))).toEqual(
      new Set(['AKID1']),
    )
  })

  it('keeps credentials until the refresh window, then refreshes once', async () => {
    const { at, clock } = clockAt(T0)
    const source = provider(at)
    const cache = new CredentialCache(source)
    await cache.get(clock)
    at.now = T0 + HOUR - REFRESH_WINDOW_MS - 1
    expect((await cache.get(clock)).accessKeyId).toBe('AKID1')
    at.now = T0 + HOUR - REFRESH_WINDOW_MS
    const refreshed = await Promise.all([cache.get(clock), cache.get(clock), cache.get(clock)])
    expect(refreshed.map((credentials) => credentials.accessKeyId)).toEqual([
      'AKID2',
      'AKID2',
      'AKID2',
    ])
    expect(source.calls.count).toBe(2)
  })

  it('keeps credentials without an expiration for good', async () => {
    const { at, clock } = clockAt(T0)
    let calls = 0
    const cache = new CredentialCache(async () => {
      calls++
      return { accessKeyId: 'AKID', secretAccessKey: SECRET }
    })
    await cache.get(clock)
    at.now = T0 + 1000 * HOUR
    await cache.get(clock)
    expect(calls).toBe(1)
  })

  it('keeps using valid credentials when a refresh ahead of expiry fails, and tries again', async () => {
    const { at, clock } = clockAt(T0)
    let fail = false
    const source = provider(at)
    const cache = new CredentialCache(async () => {
      if (fail) throw new Error('metadata service unreachable')
      return source()
    })
    await cache.get(clock)
    fail = true
    at.now = T0 + HOUR - 1000
    expect((await cache.get(clock)).accessKeyId).toBe('AKID1')
    fail = false
    expect((await cache.get(clock)).accessKeyId).toBe('AKID2')
  })

  it('fails with REFRESH_FAILED once the credentials have expired and the provider fails', async () => {
    const { at, clock } = clockAt(T0)
    let fail = false
    const source = provider(at)
    const cache = new CredentialCache(async () => {
      if (fail) throw new Error('metadata service unreachable')
      return source()
    })
    await cache.get(clock)
    fail = true
    at.now = T0 + HOUR
    const error = await failure(cache.get(clock))
    expect(error.code).toBe(REFRESH_FAILED)
    expect((error.cause as Error).message).toBe('metadata service unreachable')
    fail = false
    expect((await cache.get(clock)).accessKeyId).toBe('AKID2')
  })

  it('refuses credentials that are already expired, or malformed, without echoing them', async () => {
    const { at, clock } = clockAt(T0)
    const stale = new CredentialCache(provider(at, -1))
    expect((await failure(stale.get(clock))).code).toBe(REFRESH_FAILED)
    const malformed = new CredentialCache(async () => ({
      accessKeyId: 'AKID',
      secretAccessKey: SECRET,
      sessionToken: 'two words',
    }))
    const error = await failure(malformed.get(clock))
    expect(error.code).toBe(INVALID_CONFIG)
    expect(error.message).not.toContain(SECRET)
  })

  it('lets one waiter abort without cancelling the shared provider call', async () => {
    const { clock } = clockAt(T0)
    const pending = deferred<AwsCredentials>()
    let calls = 0
    const cache = new CredentialCache(() => {
      calls++
      return pending.promise
    })
    const controller = new AbortController()
    const aborted = cache.get(clock, controller.signal)
    const patient = cache.get(clock)
    controller.abort(new Error('caller gave up'))
    expect((await failure(aborted)).code).toBe(ABORTED)
    pending.resolve({ accessKeyId: 'AKID', secretAccessKey: SECRET })
    expect((await patient).accessKeyId).toBe('AKID')
    expect(calls).toBe(1)
  })
})

describe('awsSigV4 with a credential provider', () => {
  it('takes the AWS SDK credential types as they are (@aws-sdk/credential-providers)', async () => {
    expectTypeOf<AwsCredentialIdentityProvider>().toExtend<AwsCredentialSource>()
    expectTypeOf<AwsCredentialIdentity>().toExtend<AwsCredentialSource>()
    const sdkProvider: AwsCredentialIdentityProvider = async () => ({
      accessKeyId: 'AKIDSDK',
      secretAccessKey: SECRET,
      accountId: '123456789012',
      credentialScope: 'us-east-1',
    })
    const sent = await signed(
      awsSigV4({ region: 'us-east-1', service: 'sts', credentials: sdkProvider }).flow(
        request('https://sts.amazonaws.com/'),
        context(T0),
      ),
    )
    expect(authorization(sent).credential).toMatch(/^AKIDSDK\//)
  })

  it('signs concurrent requests with one provider call, then refreshes on the flow clock', async () => {
    const ctx = context(T0)
    const source = provider(ctx.at)
    const strategy = awsSigV4({ region: 'us-east-1', service: 'execute-api', credentials: source })
    const first = await Promise.all(
      Array.from({ length: 5 }, () =>
        signed(strategy.flow(request('https://api.example.com/'), ctx)),
      ),
    )
    expect(source.calls.count).toBe(1)
    for (const sent of first) {
      expect(authorization(sent).credential).toMatch(/^AKID1\//)
      expect(sent.headers.get('x-amz-security-token')).toBe('token-1')
    }
    ctx.at.now = T0 + HOUR - REFRESH_WINDOW_MS
    const later = await signed(strategy.flow(request('https://api.example.com/'), ctx))
    expect(authorization(later).credential).toMatch(/^AKID2\//)
    expect(later.headers.get('x-amz-security-token')).toBe('token-2')
    expect(ctx.registered).toEqual(
      expect.arrayContaining([`${SECRET}-1`, 'token-1', `${SECRET}-2`, 'token-2']),
    )
  })

  it('aborts with the request signal while waiting for credentials', async () => {
    const controller = new AbortController()
    const ctx = context(T0, { signal: controller.signal })
    const strategy = awsSigV4({
      region: 'us-east-1',
      service: 'execute-api',
      credentials: () => new Promise<AwsCredentials>(() => {}),
    })
    const outcome = signed(strategy.flow(request('https://api.example.com/'), ctx))
    controller.abort()
    expect((await failure(outcome)).code).toBe(ABORTED)
  })
})
