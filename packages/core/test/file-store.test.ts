import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fileTokenStore } from '../src/node/index.js'

let directory: string
beforeEach(async () => {
  directory = join(await mkdtemp(join(tmpdir(), 'latchkey-store-')), 'tokens')
})
afterEach(async () => {
  await rm(join(directory, '..'), { recursive: true, force: true })
})

const token = {
  accessToken: 'access-SECRET',
  tokenType: 'Bearer',
  issuedAt: 1,
  expiresAt: 2,
  refreshToken: 'refresh-SECRET',
}
const key = new Uint8Array(32).fill(7)

describe('fileTokenStore', () => {
  it('keeps a token across store instances, in a 0600 file named by the hash of its key', async () => {
    await fileTokenStore({ directory }).set('oidc.authorizationCode https://issuer cli', token)
    expect(
      await fileTokenStore({ directory }).get('oidc.authorizationCode https://issuer cli'),
    ).toEqual(token)
    const files = await readdir(directory)
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/)
    expect((await stat(join(directory, files[0] ?? ''))).mode & 0o777).toBe(0o600)
    expect((await stat(directory)).mode & 0o777).toBe(0o700)
  })

  it('one file per key; delete removes only its own; a missing file is no token', async () => {
    const store = fileTokenStore({ directory })
    await store.set('a', token)
    await store.set('b', { ...token, accessToken: 'other' })
    expect(await readdir(directory)).toHaveLength(2)
    await store.delete('a')
    await store.delete('a')
    expect(await store.get('a')).toBeUndefined()
    expect((await store.get('b'))?.accessToken).toBe('other')
  })

  it('atomic: concurrent writers leave one whole token and no temporary file', async () => {
    const store = fileTokenStore({ directory })
    await Promise.all(
      Array.from({ length: 20 }, (_, n) => store.set('k', { ...token, accessToken: `t${n}` })),
    )
    expect(await readdir(directory)).toHaveLength(1)
    expect((await store.get('k'))?.accessToken).toMatch(/^t\d+$/)
  })

  it('encrypted with AES-256-GCM: no token on disk; another key or an altered file is refused', async () => {
    const store = fileTokenStore({ directory, encryptionKey: key })
    await store.set('k', token)
    const [name = ''] = await readdir(directory)
    const text = await readFile(join(directory, name), 'utf8')
    expect(text).not.toContain('SECRET')
    expect(await store.get('k')).toEqual(token)
    const other = fileTokenStore({ directory, encryptionKey: new Uint8Array(32).fill(8) })
    await expect(other.get('k')).rejects.toMatchObject({ code: 'INVALID_CONFIG' })
    await expect(fileTokenStore({ directory }).get('k')).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
    })
    const file = JSON.parse(text)
    const altered = Buffer.from(file.data, 'base64url')
    altered[0] = (altered[0] ?? 0) ^ 1
    await writeFile(
      join(directory, name),
      JSON.stringify({ ...file, data: altered.toString('base64url') }),
    )
    await expect(store.get('k')).rejects.toMatchObject({ code: 'INVALID_CONFIG' })
  })

  it('a file moved to another key name is refused (the name is authenticated)', async () => {
    const store = fileTokenStore({ directory, encryptionKey: key })
    await store.set('alice', token)
    await store.set('bob', { ...token, accessToken: 'bob' })
    const files = await readdir(directory)
    const alice = await readFile(join(directory, files[0] ?? ''), 'utf8')
    await writeFile(join(directory, files[1] ?? ''), alice)
    const results = await Promise.allSettled([store.get('alice'), store.get('bob')])
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(1)
  })

  it('refuses a key of the wrong size and a missing directory', () => {
    expect(() => fileTokenStore({ directory, encryptionKey: new Uint8Array(16) })).toThrow(
      /32 bytes/,
    )
    expect(() => fileTokenStore({ directory: '' })).toThrow(/directory/)
  })
})
