import { createPrivateKey, createPublicKey, verify } from 'node:crypto'
import { bytesBody, oneShotBody } from '@latchkey/core/adapter'
import { type AuthBody, type AuthRequest, createAuthRequest } from '@latchkey/core/strategy'
import { flowContext } from '@latchkey/core/testing'
import { CREATED, TEST_REQUEST } from './fixtures/rfc9421.js'

/** RFC 9421's `test-request`, with its body as replayable bytes. */
export function testRequest(overrides: { url?: string; body?: AuthBody | null } = {}): AuthRequest {
  const { host: _host, ...headers } = TEST_REQUEST.headers
  return createAuthRequest({
    method: TEST_REQUEST.method,
    url: overrides.url ?? TEST_REQUEST.url,
    headers,
    body:
      overrides.body === undefined
        ? bytesBody(TEST_REQUEST.body, TEST_REQUEST.body)
        : overrides.body,
  })
}

export function streamBody(): AuthBody {
  return oneShotBody(new ReadableStream())
}

/** A flow context whose clock reads the RFC examples' `created`. */
export function rfcContext() {
  return flowContext({ clock: { now: () => CREATED * 1000 } })
}

/** The value of one label's member in a Signature dictionary: `label=:base64:`. */
export function signatureOf(header: string | null, label: string): string {
  const match = new RegExp(`(?:^|, )${label}=:([A-Za-z0-9+/=]*):`).exec(header ?? '')
  if (match?.[1] === undefined) throw new Error(`no ${label} in ${header}`)
  return match[1]
}

/** node:crypto's verdict on a signature over `base` (independent of Web Crypto). */
export function verifies(
  algorithm:
    | 'rsa-pss-sha512'
    | 'rsa-v1_5-sha256'
    | 'ecdsa-p256-sha256'
    | 'ecdsa-p384-sha384'
    | 'ed25519',
  publicPem: string,
  base: string,
  signature: string,
): boolean {
  const key = createPublicKey(publicPem)
  const data = Buffer.from(base, 'ascii')
  const bytes = Buffer.from(signature, 'base64')
  switch (algorithm) {
    case 'rsa-pss-sha512':
      return verify('sha512', data, { key, padding: 6, saltLength: 64 }, bytes)
    case 'rsa-v1_5-sha256':
      return verify('sha256', data, key, bytes)
    case 'ecdsa-p256-sha256':
      return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, bytes)
    case 'ecdsa-p384-sha384':
      return verify('sha384', data, { key, dsaEncoding: 'ieee-p1363' }, bytes)
    case 'ed25519':
      return verify(null, data, key, bytes)
  }
}

/** A PKCS#1 or SEC 1 PEM as PKCS#8, the only PEM Web Crypto reads. */
export function toPkcs8(pem: string): string {
  return createPrivateKey(pem).export({ format: 'pem', type: 'pkcs8' }).toString()
}
