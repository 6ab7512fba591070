import { createHash, createPrivateKey, X509Certificate } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { createSecureContext } from 'node:tls'
import { AuthError } from '../errors/auth-error.js'
import { INVALID_CONFIG } from '../errors/codes.js'
import type { ClientCertificate, TlsSource } from '../flow/types.js'
import { isPem } from '../strategies/client-certificate.js'

/** Client certificate material as Node's `tls.connect()` takes it: files read, bytes as Buffers. */
export interface TlsOptions {
  /** Client certificate chain: PEM text, or the bytes of a file. */
  readonly cert?: string | Buffer
  /** Private key: PEM text, or the bytes of a file. */
  readonly key?: string | Buffer
  /** A PKCS#12 bundle. */
  readonly pfx?: Buffer
  /** Decrypts the key or bundle. */
  readonly passphrase?: string
  /** Certificate authorities to trust for the server. */
  readonly ca?: (string | Buffer)[]
}

/** Loaded material and a fingerprint of its content, the key agents are cached under. */
export interface LoadedCertificate {
  /** A fingerprint of the material: equal material, equal id. */
  readonly id: string
  /** The options to hand to `tls.connect()` or an `https.Agent`. */
  readonly options: TlsOptions
}

interface CachedFile {
  readonly stamp: string
  readonly bytes: Buffer
}

/**
 * Reads certificate material for Node's TLS. A file is stat'ed on every load and read
 * again only when its identity or timestamps change (device, inode, size, mtime, ctime),
 * so a certificate rotated on disk (rewritten, or replaced by rename or a symlink swap)
 * is picked up by the next request; in-memory material is loaded once per object.
 */
export class CertificateLoader {
  readonly #inline = new WeakMap<ClientCertificate, LoadedCertificate>()
  readonly #fromFiles = new WeakMap<
    ClientCertificate,
    { stamps: string; loaded: LoadedCertificate }
  >()
  readonly #files = new Map<string, CachedFile>()

  /**
   * The material of `certificate`, read and fingerprinted.
   *
   * @throws `AuthError` `INVALID_CONFIG` when a file cannot be read.
   */
  async load(material: ClientCertificate): Promise<LoadedCertificate> {
    const known = this.#inline.get(material)
    if (known !== undefined) return known
    const stamps: string[] = []
    const read = (source: TlsSource) => this.#read(source, stamps)
    const ca = material.ca === undefined ? undefined : [material.ca].flat()
    const [cert, key, pfx, authorities] = await firstFailureInOrder([
      material.cert === undefined ? undefined : read(material.cert),
      material.key === undefined ? undefined : read(material.key),
      material.pfx === undefined ? undefined : read(material.pfx),
      ca === undefined ? undefined : Promise.all(ca.map(read)),
    ] as const)
    // Files unchanged since the last load: the same options, without hashing them again.
    const signature = stamps.sort().join('|')
    const previous = this.#fromFiles.get(material)
    if (previous !== undefined && previous.stamps === signature) return previous.loaded
    const options: { -readonly [K in keyof TlsOptions]: TlsOptions[K] } = {}
    if (cert !== undefined) options.cert = cert
    if (key !== undefined) options.key = key
    if (pfx !== undefined) options.pfx = toBuffer(pfx)
    if (material.passphrase !== undefined) options.passphrase = material.passphrase
    if (authorities !== undefined) options.ca = authorities
    const loaded = { id: fingerprint(options), options: Object.freeze(options) }
    if (stamps.length === 0) this.#inline.set(material, loaded)
    else this.#fromFiles.set(material, { stamps: signature, loaded })
    return loaded
  }

  async #read(source: TlsSource, stamps: string[]): Promise<string | Buffer> {
    if (typeof source !== 'string') return toBuffer(source)
    if (isPem(source)) return source
    try {
      const info = await stat(source)
      const stamp = `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`
      stamps.push(`${source}@${stamp}`)
      const cached = this.#files.get(source)
      if (cached?.stamp === stamp) return cached.bytes
      const bytes = await readFile(source)
      this.#files.set(source, { stamp, bytes })
      return bytes
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unreadable'
      throw new AuthError(INVALID_CONFIG, `mtls: cannot read ${source} (${code})`, { cause: error })
    }
  }
}

/**
 * `Promise.all`, except that when several files cannot be read the error is the first in
 * the order the options name them (cert, key, pfx, ca), not whichever read failed first:
 * the same mistake gives the same message on every run.
 */
async function firstFailureInOrder<T extends readonly unknown[]>(
  reads: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(reads)
  for (const result of settled) if (result.status === 'rejected') throw result.reason
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>
  }
}

/**
 * Checks that Node can use the material (the key decrypts, it matches the certificate,
 * the PKCS#12 opens), so a mistake is an `INVALID_CONFIG` naming the problem rather than
 * a handshake failure deep in a client.
 */
export function assertUsable(options: TlsOptions): void {
  let matches = true
  try {
    createSecureContext(options)
    const { cert, key, passphrase } = options
    if (cert !== undefined && key !== undefined) {
      // OpenSSL keeps keys of different types apart, so only this catches, say, an EC key
      // given with an RSA certificate.
      const privateKey = createPrivateKey(passphrase === undefined ? { key } : { key, passphrase })
      matches = new X509Certificate(cert).checkPrivateKey(privateKey)
    }
  } catch (error) {
    throw new AuthError(
      INVALID_CONFIG,
      `mtls: the client certificate cannot be used (${(error as Error).message})`,
      { cause: error },
    )
  }
  if (!matches) {
    throw new AuthError(
      INVALID_CONFIG,
      'mtls: the client certificate cannot be used (the key does not belong to the certificate)',
    )
  }
}

function toBuffer(source: string | Uint8Array): Buffer {
  if (typeof source === 'string') return Buffer.from(source)
  return Buffer.isBuffer(source)
    ? source
    : Buffer.from(source.buffer, source.byteOffset, source.byteLength)
}

/** A digest of the content, never shown anywhere: it only tells two materials apart. */
function fingerprint(options: TlsOptions): string {
  const hash = createHash('sha256')
  for (const [name, value] of Object.entries(options)) {
    for (const part of [value as string | Buffer | (string | Buffer)[]].flat()) {
      const bytes = typeof part === 'string' ? Buffer.from(part) : part
      hash.update(`${name}:${bytes.byteLength}:`)
      hash.update(bytes)
    }
  }
  return hash.digest('base64url')
}
