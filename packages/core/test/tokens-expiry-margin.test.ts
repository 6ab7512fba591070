import { describe, expect, it } from 'vitest'
import { INVALID_CONFIG, MemoryTokenStore, oauth2, type StoredToken } from '../src/index.js'
import { TokenEngine, type TokenGrant, tokenKind } from '../src/strategy.js'
import { context } from './helpers.js'

/** An engine on a clock the test moves; each token request issues `access-<n>` for `expiresIn` s. */
function setup(expiresIn: number, expiryMargin?: number) {
  const at = { now: 1_000_000 }
  let issued = 0
  const engine = new TokenEngine({
    strategy: 'test',
    source: {
      acquire: async (): Promise<TokenGrant> => ({
        accessToken: `access-${++issued}`,
        tokenType: 'Bearer',
        expiresIn,
      }),
    },
    store: new MemoryTokenStore<StoredToken>(),
    key: 'k',
    kind: tokenKind(3600),
    refreshWindow: 0,
    timeout: 5_000,
    expiryMargin,
  })
  const ctx = context({ clock: { now: () => at.now } })
  const current = async () => (await engine.current(ctx)).accessToken
  return { at, current, start: at.now }
}

describe('the expiry margin', () => {
  it('stops handing out a token 5 s before it expires, by default', async () => {
    const { at, current, start } = setup(3600)
    expect(await current()).toBe('access-1')
    at.now = start + 3600_000 - 5_001
    expect(await current()).toBe('access-1')
    // Served until the exact millisecond before: now 5 s of it are left to no one.
    at.now = start + 3600_000 - 5_000
    expect(await current()).toBe('access-2')
  })

  it('is 1% of a short lifetime, when that is less than 5 s', async () => {
    const { at, current, start } = setup(100) // 1% of 100 s: 1 s
    await current()
    at.now = start + 100_000 - 1_001
    expect(await current()).toBe('access-1')
    at.now = start + 100_000 - 1_000
    expect(await current()).toBe('access-2')
  })

  it('takes the margin it is given, at most half the lifetime', async () => {
    const given = setup(3600, 30)
    await given.current()
    given.at.now = given.start + 3600_000 - 30_001
    expect(await given.current()).toBe('access-1')
    given.at.now = given.start + 3600_000 - 30_000
    expect(await given.current()).toBe('access-2')

    const capped = setup(10, 60) // 60 s asked of a 10 s token: 5 s
    await capped.current()
    capped.at.now = capped.start + 4_999
    expect(await capped.current()).toBe('access-1')
    capped.at.now = capped.start + 5_000
    expect(await capped.current()).toBe('access-2')
  })

  it('is validated as an option of every token strategy', () => {
    const base = { tokenUrl: 'https://auth.example.com/token', clientId: 'id', clientSecret: 's' }
    expect(() => oauth2.clientCredentials({ ...base, expiryMargin: 0 })).not.toThrow()
    for (const expiryMargin of [-1, Number.NaN, '5' as never])
      expect(() => oauth2.clientCredentials({ ...base, expiryMargin })).toThrow(
        expect.objectContaining({ code: INVALID_CONFIG }),
      )
  })
})
