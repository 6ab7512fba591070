import { AuthError, UNSUPPORTED } from '@latchkey/core'
import type { CertificateDispatchers } from './types.js'

/** Outside Node.js, fetch has no way to be handed a client certificate. */
export const certificateDispatchers: CertificateDispatchers = (strategy) => {
  if (strategy.secrets.tls !== true) return undefined
  throw new AuthError(
    UNSUPPORTED,
    `${strategy.name}: fetch cannot present a client certificate in this runtime (a browser chooses client certificates itself); use Node.js with the undici package`,
  )
}
