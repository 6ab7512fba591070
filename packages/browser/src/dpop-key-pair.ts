/** Options of {@link dpopKeyPair}: where the DPoP key pair lives. */
export interface DPoPKeyPairOptions {
  /**
   * `memory` (the default): a new key pair, gone with the page. `indexedDB`: kept in this
   * origin's IndexedDB under `name`, so a reload (or another tab) signs with the same key
   * and tokens bound to it keep working. The private key cannot be exported either way;
   * a script on the origin (an XSS) can still sign with it while it runs there.
   */
  readonly persist?: 'memory' | 'indexedDB'
  /**
   * Which persisted key pair.
   *
   * @defaultValue `dpop`
   */
  readonly name?: string
}

const DATABASE = 'latchkey'
const KEYS = 'dpop-keys'

/**
 * An ES256 key pair for DPoP (RFC 9449) whose private key is not extractable
 * (`extractable: false`): pass it as `dpop` to an `@latchkey/oidc` strategy.
 *
 * @example
 * ```ts
 * const dpop = await dpopKeyPair({ persist: 'indexedDB' })
 * oidc.refreshToken({ issuer, clientId, refreshToken, dpop, store: new TabTokenStore() })
 * ```
 */
export async function dpopKeyPair(options: DPoPKeyPairOptions = {}): Promise<CryptoKeyPair> {
  if (options.persist !== 'indexedDB') return generate()
  const name = options.name ?? 'dpop'
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks
  // Two tabs opening at once must not each make (and keep) a key of their own.
  const getOrCreate = () => persisted(name)
  return locks ? locks.request(`latchkey:${KEYS}:${name}`, getOrCreate) : getOrCreate()
}

function generate(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ])
}

async function persisted(name: string): Promise<CryptoKeyPair> {
  const database = await open()
  try {
    // CryptoKeys are stored as they are (structured clone): still not extractable.
    const saved = await done<CryptoKeyPair | undefined>(
      database.transaction(KEYS).objectStore(KEYS).get(name),
    )
    if (saved !== undefined) return saved
    const pair = await generate()
    await done(database.transaction(KEYS, 'readwrite').objectStore(KEYS).put(pair, name))
    return pair
  } finally {
    database.close()
  }
}

function open(): Promise<IDBDatabase> {
  const request = indexedDB.open(DATABASE, 1)
  request.onupgradeneeded = () => request.result.createObjectStore(KEYS)
  return done(request)
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}
