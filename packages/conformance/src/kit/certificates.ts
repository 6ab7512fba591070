import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import forge from 'node-forge'

/** A certificate and its private key. */
export interface KeyPair {
  /** PEM certificate. */
  readonly cert: string
  /** PEM private key (PKCS#8). */
  readonly key: string
}

/** A throwaway certificate authority, from {@link createTestPki}. */
export interface TestPki {
  /** The CA certificate clients trust (PEM). */
  readonly ca: string
  /** A certificate for `hosts` (DNS names or IPs), signed by the CA. */
  issueServer(hosts: readonly string[]): KeyPair
  /**
   * A client certificate (extended key usage clientAuth) for `commonName`, for a new key,
   * or for `key` (PEM) when given: certificates for one key cost no key generation.
   */
  issueClient(commonName: string, key?: string): KeyPair
}

const HOUR = 60 * 60 * 1000

/** The same private key, encrypted under `passphrase` (PKCS#8, AES-256). */
export function encryptKey(key: string, passphrase: string): string {
  return createPrivateKey(key)
    .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
    .toString()
}

/** A PKCS#12 (.p12) bundle of the certificate and its key, protected by `passphrase`. */
export function toPkcs12(pair: KeyPair, passphrase: string): Uint8Array {
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(pair.key),
    [forge.pki.certificateFromPem(pair.cert)],
    passphrase,
    { algorithm: '3des' },
  )
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary')
}

/**
 * A certificate authority made fresh for each test run, valid for a day: no private key
 * is ever committed, and none can expire under a test.
 */
export function createTestPki(): TestPki {
  const caKeys = rsaKeyPair()
  const caName = [{ name: 'commonName', value: 'Latchkey Test CA' }]
  const ca = certificate(caKeys.publicKey, caName, caName, caKeys.privateKey, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ])
  const issue = (commonName: string, extensions: object[], key?: string): KeyPair => {
    const keys = key === undefined ? rsaKeyPair() : keyPair(key)
    const subject = [{ name: 'commonName', value: commonName }]
    const cert = certificate(keys.publicKey, subject, caName, caKeys.privateKey, extensions)
    return {
      cert: forge.pki.certificateToPem(cert),
      key: forge.pki.privateKeyInfoToPem(
        forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keys.privateKey)),
      ),
    }
  }
  return {
    ca: forge.pki.certificateToPem(ca),
    issueServer: (hosts) =>
      issue(hosts[0] ?? 'localhost', [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: hosts.map((host) =>
            /^[\d.]+$/.test(host) || host.includes(':')
              ? { type: 7, ip: host }
              : { type: 2, value: host },
          ),
        },
      ]),
    issueClient: (commonName, key) =>
      issue(
        commonName,
        [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', clientAuth: true },
        ],
        key,
      ),
  }
}

/** Node's native key generation: fast and steady even on a loaded machine. */
function rsaKeyPair(): forge.pki.rsa.KeyPair {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return keyPair(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString())
}

function keyPair(pem: string): forge.pki.rsa.KeyPair {
  const privateKey = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey
  return { privateKey, publicKey: forge.pki.rsa.setPublicKey(privateKey.n, privateKey.e) }
}

let serial = 1

function certificate(
  publicKey: forge.pki.PublicKey,
  subject: forge.pki.CertificateField[],
  issuer: forge.pki.CertificateField[],
  signingKey: forge.pki.rsa.PrivateKey,
  extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate()
  cert.publicKey = publicKey
  cert.serialNumber = (serial++).toString(16).padStart(2, '0')
  cert.validity.notBefore = new Date(Date.now() - HOUR)
  cert.validity.notAfter = new Date(Date.now() + 24 * HOUR)
  cert.setSubject(subject)
  cert.setIssuer(issuer)
  cert.setExtensions(extensions)
  cert.sign(signingKey, forge.md.sha256.create())
  return cert
}
