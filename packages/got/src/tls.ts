import type { AuthStrategy, ClientCertificate } from '@latchkey/core'
import { CertificateAgents } from '@latchkey/core/node'
import type { HookOptions as Options } from './options.js'

/** got's own https options. */
export type HttpsOptions = Options['https']

/** got's https options that present this certificate. */
export type HttpsOptionsFor = (tls: ClientCertificate) => Promise<HttpsOptions>

/**
 * got presents a client certificate through its own `https` options, merged over the
 * caller's per hop, so the caller's agent (keep-alive, proxy) and other TLS settings
 * stay. Node's agent pools connections per certificate. The loaded options are cached
 * per certificate, so an unchanged certificate reuses its connections.
 */
export function certificateOptions(strategy: AuthStrategy): HttpsOptionsFor | undefined {
  if (strategy.secrets.tls !== true) return undefined
  const loaded = new CertificateAgents<HttpsOptions>({
    create: ({ cert, key, pfx, passphrase, ca }) => ({
      ...(cert !== undefined && { certificate: cert }),
      ...(key !== undefined && { key }),
      ...(pfx !== undefined && { pfx }),
      ...(passphrase !== undefined && { passphrase }),
      ...(ca !== undefined && { certificateAuthority: ca }),
    }),
  })
  return (tls) => loaded.get(tls)
}
