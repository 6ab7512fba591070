import { ABORTED, type AuthError, CREDENTIAL_UNAVAILABLE, isAuthError } from '@latchkey/core'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { describe, expect, expectTypeOf, it, vi } from 'vitest'
import type { AwsCredentialProvider, AwsCredentials } from '../src/credentials.js'
import { type AwsCredentialSource, awsSigV4 } from '../src/index.js'
import { REFRESH_WINDOW_SECONDS } from '../src/provider.js'
import { authorization, context, deferred, request, signed } from './helpers.js'

const T0 = Date.UTC(2030, 0, 1)
const HOUR = 60 * 60 * 1000
const SECRET = 'sentinel-aws-secret-key-6d0f'
const REFRESH_WINDOW_MS = REFRESH_WINDOW_SECONDS * 1000

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

async function failure(promise: Promise<unknown>): Promise<AuthError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  )
  expect(isAuthError(outcome), `expected an AuthError, got ${String(outcome)}`).toBe(true)
  return outcome as AuthError
}

/** A strategy signing with `get`'s credentials, and the access key id of one signed request. */
function signer(get: AwsCredentialProvider) {
  const strategy = awsSigV4({ region: 'us-east-1', service: 'execute-api', credentials: get })
  const keyId = async (ctx: ReturnType<typeof context>) =>
    authorization(
      await signed(strategy.flow(request('https://api.example.com/'), ctx)),
    ).credential.split('/')[0]
  return { strategy, keyId }
}

describe('provider credentials, cached by the token engine', () => {
  it('calls the provider once for concurrent requests on a cold cache', async () => {
    const ctx = context(T0)
    const source = provider(ctx.at)
    const { keyId } = signer(source)
    const ids = await Promise.all(Array.from({ length: 10 }, () => keyId(ctx)))
    expect(source.calls.count).toBe(1)
    expect(new Set(ids)).toEqual(new Set(['AKID1']))
  })

  it('keeps credentials until the refresh window, then refreshes once in the background', async () => {
    const ctx = context(T0)
    const source = provider(ctx.at)
    const { keyId } = signer(source)
    await keyId(ctx)
    ctx.at.now = T0 + HOUR - REFRESH_WINDOW_MS - 1
    expect(await keyId(ctx)).toBe('AKID1')
    expect(source.calls.count).toBe(1)
    ctx.at.now = T0 + HOUR - REFRESH_WINDOW_MS
    // Inside the window the current credentials still sign while one refresh runs.
    const during = await Promise.all([keyId(ctx), keyId(ctx), keyId(ctx)])
    expect(during).toEqual(['AKID1', 'AKID1', 'AKID1'])
    await vi.waitFor(async () => expect(await keyId(ctx)).toBe('AKID2'))
    expect(source.calls.count).toBe(2)
  })

  it('keeps credentials without an expiration for good', async () => {
    const ctx = context(T0)
    let calls = 0
    const { keyId } = signer(async () => {
      calls++
      return { accessKeyId: 'AKID', secretAccessKey: SECRET }
    })
    await keyId(ctx)
    ctx.at.now = T0 + 1000 * HOUR
    await keyId(ctx)
    expect(calls).toBe(1)
  })

  it('does not sign with credentials in the last seconds before they expire (the margin)', async () => {
    const ctx = context(T0)
    const source = provider(ctx.at)
    const { keyId } = signer(source)
    await keyId(ctx)
    // 2 s left of an hour: within the 5 s margin, so the request waits for new ones.
    ctx.at.now = T0 + HOUR - 2000
    expect(await keyId(ctx)).toBe('AKID2')
  })

  it('keeps using valid credentials when a refresh ahead of expiry fails, and tries again', async () => {
    const ctx = context(T0)
    let fail = false
    const source = provider(ctx.at)
    const { keyId } = signer(async () => {
      if (fail) throw new Error('metadata service unreachable')
      return source()
    })
    await keyId(ctx)
    fail = true
    ctx.at.now = T0 + HOUR - 60_000
    expect(await keyId(ctx)).toBe('AKID1')
    await vi.waitFor(() => expect(ctx.events.some((event) => event.type === 'failed')).toBe(true))
    expect(await keyId(ctx)).toBe('AKID1')
    fail = false
    await vi.waitFor(async () => expect(await keyId(ctx)).toBe('AKID2'))
  })

  it('fails with CREDENTIAL_UNAVAILABLE, the cause kept, once expired credentials cannot be replaced', async () => {
    const ctx = context(T0)
    let fail = false
    const source = provider(ctx.at)
    const { keyId } = signer(async () => {
      if (fail) throw new Error('metadata service unreachable')
      return source()
    })
    await keyId(ctx)
    fail = true
    ctx.at.now = T0 + HOUR
    const error = await failure(keyId(ctx))
    expect(error.code).toBe(CREDENTIAL_UNAVAILABLE)
    expect(error.message).toBe('awsSigV4: the credential provider failed')
    expect((error.cause as Error).message).toBe('metadata service unreachable')
    expect(ctx.events).toContainEqual(
      expect.objectContaining({
        type: 'failed',
        strategy: 'awsSigV4',
        code: CREDENTIAL_UNAVAILABLE,
      }),
    )
    fail = false
    expect(await keyId(ctx)).toBe('AKID2')
  })

  it('refuses credentials that are already expired, or malformed, without echoing them', async () => {
    const ctx = context(T0)
    const stale = signer(provider(ctx.at, -1))
    expect((await failure(stale.keyId(ctx))).code).toBe(CREDENTIAL_UNAVAILABLE)
    const malformed = signer(async () => ({
      accessKeyId: 'AKID',
      secretAccessKey: SECRET,
      sessionToken: 'two words',
    }))
    const error = await failure(malformed.keyId(context(T0)))
    expect(error.code).toBe(CREDENTIAL_UNAVAILABLE)
    expect(error.message).toMatch(/sessionToken/)
    expect(error.message).not.toContain(SECRET)
  })

  it('lets one waiter abort without cancelling the shared provider call', async () => {
    const pending = deferred<AwsCredentials>()
    let calls = 0
    const { keyId } = signer(() => {
      calls++
      return pending.promise
    })
    const controller = new AbortController()
    const aborted = keyId(context(T0, { signal: controller.signal }))
    const patient = keyId(context(T0))
    controller.abort(new Error('caller gave up'))
    expect((await failure(aborted)).code).toBe(ABORTED)
    pending.resolve({ accessKeyId: 'AKID', secretAccessKey: SECRET })
    expect(await patient).toBe('AKID')
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
    ctx.at.now = T0 + HOUR
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
