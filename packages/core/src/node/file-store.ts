import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { AuthError } from '../errors/auth-error.js'
import { INVALID_CONFIG } from '../errors/codes.js'
import { invalidConfig } from '../errors/invalid-config.js'
import type { TokenStore } from '../tokens/store.js'
import type { StoredToken } from '../tokens/token.js'

/** Options of {@link fileTokenStore}. */
export interface FileTokenStoreOptions {
  /** The directory the token files live in; created (mode 0700) when missing. */
  readonly directory: string
  /**
   * A 32-byte key: tokens are then encrypted with AES-256-GCM, each file bound to its
   * name. Without one they are kept as JSON that only the file's owner can read (0600).
   */
  readonly encryptionKey?: Uint8Array
}

const STORE = 'fileTokenStore'

/**
 * A token store on disk, so that a command-line tool's login outlives the process: one
 * file per store key (that is, per issuer, client and scope), named by the key's SHA-256
 * so nothing about the account shows in a directory listing, mode 0600, replaced
 * atomically (a temporary file, then a rename) so a crash or a concurrent writer never
 * leaves half a token.
 *
 * @example
 * ```ts
 * import { fileTokenStore } from '@latchkey/core/node'
 * const store = fileTokenStore({ directory: join(homedir(), '.config', 'my-cli', 'tokens') })
 * ```
 */
export function fileTokenStore(options: FileTokenStoreOptions): TokenStore {
  if (typeof options !== 'object' || options === null)
    throw invalidConfig(STORE, 'expected an options object')
  const { directory, encryptionKey } = options
  if (typeof directory !== 'string' || directory.length === 0)
    throw invalidConfig(STORE, 'directory must be a non-empty path')
  if (
    encryptionKey !== undefined &&
    (!(encryptionKey instanceof Uint8Array) || encryptionKey.length !== 32)
  )
    throw invalidConfig(STORE, 'encryptionKey must be 32 bytes (AES-256-GCM)')
  const key = encryptionKey && Buffer.from(encryptionKey)
  const file = (name: string) => join(directory, `${fileName(name)}.json`)

  return {
    async get(name) {
      let text: string
      try {
        text = await readFile(file(name), 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw error
      }
      return decode(text, fileName(name), key)
    },
    async set(name, token) {
      await mkdir(directory, { recursive: true, mode: 0o700 })
      const target = file(name)
      const temporary = `${target}.${randomBytes(8).toString('hex')}.tmp`
      const handle = await open(temporary, 'wx', 0o600)
      try {
        await handle.writeFile(encode(token, fileName(name), key))
        await handle.sync()
      } finally {
        await handle.close()
      }
      try {
        await rename(temporary, target)
      } catch (error) {
        await rm(temporary, { force: true })
        throw error
      }
    },
    async delete(name) {
      await rm(file(name), { force: true })
    },
  }
}

function fileName(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

function encode(token: StoredToken, name: string, key: Buffer | undefined): string {
  const json = JSON.stringify(token)
  if (key === undefined) return JSON.stringify({ version: 1, token })
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(name))
  const data = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()])
  return JSON.stringify({
    version: 1,
    alg: 'A256GCM',
    iv: iv.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
    data: data.toString('base64url'),
  })
}

function decode(text: string, name: string, key: Buffer | undefined): StoredToken {
  const unreadable = (why: string) =>
    new AuthError(INVALID_CONFIG, `${STORE}: the token file ${name}.json ${why}`)
  let file: {
    version?: unknown
    alg?: unknown
    iv?: unknown
    tag?: unknown
    data?: unknown
    token?: unknown
  }
  try {
    file = JSON.parse(text)
  } catch {
    throw unreadable('is not valid JSON')
  }
  let token: unknown = file.token
  if (file.alg !== undefined) {
    if (key === undefined) throw unreadable('is encrypted, and no encryptionKey was given')
    if (
      file.alg !== 'A256GCM' ||
      typeof file.iv !== 'string' ||
      typeof file.tag !== 'string' ||
      typeof file.data !== 'string'
    )
      throw unreadable('is not a token file')
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64url'))
      decipher.setAAD(Buffer.from(name)).setAuthTag(Buffer.from(file.tag, 'base64url'))
      const json = Buffer.concat([
        decipher.update(Buffer.from(file.data, 'base64url')),
        decipher.final(),
      ])
      token = JSON.parse(json.toString('utf8'))
    } catch {
      throw unreadable('cannot be decrypted with this key (another key, or the file was altered)')
    }
  } else if (key !== undefined) {
    throw unreadable('is not encrypted, though an encryptionKey was given')
  }
  if (!isStoredToken(token)) throw unreadable('does not hold a token')
  return token
}

function isStoredToken(value: unknown): value is StoredToken {
  const token = value as Partial<Record<keyof StoredToken, unknown>> | null
  return (
    typeof token === 'object' &&
    token !== null &&
    typeof token.accessToken === 'string' &&
    typeof token.tokenType === 'string' &&
    typeof token.issuedAt === 'number' &&
    typeof token.expiresAt === 'number' &&
    (token.refreshToken === undefined || typeof token.refreshToken === 'string') &&
    (token.scope === undefined || typeof token.scope === 'string')
  )
}
