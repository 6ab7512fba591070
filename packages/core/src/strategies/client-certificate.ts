import { callSupplied, credentialUnavailable } from '../errors/credential-unavailable.js'
import { invalidConfig } from '../errors/invalid-config.js'
import type { ClientCertificate, TlsSource } from '../flow/types.js'

/** Client certificate material, or a function (sync or async) returning the current material. */
export type ClientCertificateSource =
  | ClientCertificate
  | (() => ClientCertificate | Promise<ClientCertificate>)

const fields = new Set(['cert', 'key', 'pfx', 'passphrase', 'ca'])
const pemLine = /-----BEGIN [A-Z0-9 ]+-----/

/** True when a string source is PEM text rather than a file path. */
export function isPem(source: string): boolean {
  return pemLine.test(source)
}

/**
 * Validates client certificate material and returns a frozen copy, so later changes to
 * the caller's object cannot change what is presented. Messages name the problem, never
 * the material. Throws `INVALID_CONFIG`.
 */
export function clientCertificate(value: unknown, where: string): ClientCertificate {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidConfig(where, 'expected { cert, key } or { pfx }, or a function returning one')
  }
  const material = value as Record<string, unknown>
  for (const name of Object.keys(material)) {
    if (!fields.has(name) && material[name] !== undefined) {
      throw invalidConfig(
        where,
        `unknown option "${name}" (expected cert, key, pfx, passphrase, ca)`,
      )
    }
  }
  const { cert, key, pfx, passphrase, ca } = material
  if (pfx !== undefined && (cert !== undefined || key !== undefined)) {
    throw invalidConfig(where, 'set either cert and key, or pfx, not both')
  }
  if (pfx === undefined && cert === undefined && key === undefined) {
    throw invalidConfig(where, 'set cert and key, or pfx')
  }
  if (pfx === undefined && key === undefined)
    throw invalidConfig(where, 'key is required with cert')
  if (pfx === undefined && cert === undefined)
    throw invalidConfig(where, 'cert is required with key')
  if (passphrase !== undefined && (typeof passphrase !== 'string' || passphrase.length === 0)) {
    throw invalidConfig(where, 'passphrase must be a non-empty string')
  }
  const copy: { -readonly [K in keyof ClientCertificate]: ClientCertificate[K] } = {}
  if (cert !== undefined) copy.cert = source(cert, where, 'cert', /CERTIFICATE-----/)
  if (key !== undefined) copy.key = source(key, where, 'key', /PRIVATE KEY-----/)
  if (pfx !== undefined) {
    if (typeof pfx === 'string' && isPem(pfx)) {
      throw invalidConfig(where, 'pfx must be the PKCS#12 bytes or a path to them, not PEM text')
    }
    copy.pfx = source(pfx, where, 'pfx')
  }
  if (passphrase !== undefined) copy.passphrase = passphrase as string
  if (ca !== undefined) {
    copy.ca = Array.isArray(ca)
      ? Object.freeze(ca.map((entry: unknown) => source(entry, where, 'ca', /CERTIFICATE-----/)))
      : source(ca, where, 'ca', /CERTIFICATE-----/)
  }
  return Object.freeze(copy)
}

function source(value: unknown, where: string, name: string, pem?: RegExp): TlsSource {
  if (value instanceof Uint8Array) {
    if (value.byteLength === 0) throw invalidConfig(where, `${name} is empty`)
    return value
  }
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw invalidConfig(where, `${name} must be PEM text, bytes or a file path`)
  }
  if (pem !== undefined && isPem(value) && !pem.test(value)) {
    throw invalidConfig(
      where,
      `${name} is PEM of the wrong kind (expected ${pem.source.slice(0, -5)})`,
    )
  }
  return value
}

/**
 * Validates a certificate source once, and returns a reader that yields the current
 * material: the frozen copy, or what the function returns, validated each time.
 */
export function certificateReader(
  source: ClientCertificateSource,
  where: string,
): () => Promise<ClientCertificate> {
  if (typeof source !== 'function') {
    const material = clientCertificate(source, where)
    return () => Promise.resolve(material)
  }
  return async () => {
    const value = await callSupplied(where, 'the certificate function', source)
    try {
      return clientCertificate(value, where)
    } catch (error) {
      throw credentialUnavailable(
        where,
        `the certificate function returned invalid material: ${(error as Error).message}`,
      )
    }
  }
}
