import { AuthError } from '../errors/auth-error.js'
import { INSECURE_TRANSPORT } from '../errors/codes.js'
import { defineStrategy } from '../flow/define-strategy.js'
import type { AuthStrategy } from '../flow/types.js'
import { type ClientCertificateSource, certificateReader, isPem } from './client-certificate.js'

/**
 * Mutual TLS: presents a client certificate in the TLS handshake of every in-scope
 * request. The same value works with every adapter in Node.js (fetch and ky need the
 * `undici` package); a browser cannot present one, so `withAuth` there throws
 * `UNSUPPORTED` at setup.
 *
 * Material is PEM text, bytes, or file paths (re-read when the file changes, so a
 * rotated certificate is picked up without rebuilding the client), or a function (sync
 * or async) called per request that returns the current material. Combine with a token
 * via `chain(mtls(...), bearer(...))`; reach token endpoints with the same certificate
 * through `mtlsTransport()` from `@latchkey/core/node`.
 *
 * @example
 * ```ts
 * mtls({ cert: '/etc/tls/client.crt', key: '/etc/tls/client.key' })
 * mtls({ pfx: readFileSync('client.p12'), passphrase: process.env.P12_PASSWORD })
 * mtls(async () => vault.read('client-certificate'))
 * ```
 *
 * @throws `AuthError` `INVALID_CONFIG` for malformed material. A plain-http request fails
 *   with `INSECURE_TRANSPORT` (no handshake to present the certificate in).
 */
export function mtls(material: ClientCertificateSource): AuthStrategy {
  const read = certificateReader(material, 'mtls')
  return defineStrategy({
    name: 'mtls',
    secrets: { headers: [], query: [], tls: true },
    async *flow(request, ctx) {
      if (request.url.protocol !== 'https:') {
        // Plain http has no handshake: the certificate would silently not be presented.
        throw new AuthError(
          INSECURE_TRANSPORT,
          `mtls: a client certificate can only be presented over https, not to ${request.url.origin}`,
        )
      }
      const tls = await read()
      if (tls.passphrase !== undefined) ctx.secret(tls.passphrase)
      if (typeof tls.key === 'string' && isPem(tls.key)) ctx.secret(tls.key)
      yield { ...request, tls }
    },
  })
}
