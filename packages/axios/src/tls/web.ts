import { AuthError, UNSUPPORTED } from '@latchkey/core'
import type { AssertPresentsCertificates, CertificateAgentsFor } from './types.js'

/** Outside Node.js, axios sends through XMLHttpRequest or fetch: neither takes a certificate. */
export const assertPresentsCertificates: AssertPresentsCertificates = (strategy) => {
  throw new AuthError(
    UNSUPPORTED,
    `${strategy.name}: axios cannot present a client certificate in this runtime (a browser chooses client certificates itself); use Node.js`,
  )
}

export const certificateAgentsFor: CertificateAgentsFor = (strategy, adapter, axios) => {
  if (strategy.secrets.tls !== true) return undefined
  assertPresentsCertificates(strategy, adapter, axios)
  return undefined
}
