import type { AuthStrategy, ClientCertificate } from '@latchkey/core'

/** The dispatcher (an undici `Agent`) that presents this client certificate. */
export type DispatcherFor = (tls: ClientCertificate) => Promise<unknown>

/**
 * Checks at setup that fetch can present the strategy's client certificate here, and
 * returns how; `undefined` when the strategy presents none. Throws `UNSUPPORTED`.
 */
export type CertificateDispatchers = (strategy: AuthStrategy) => DispatcherFor | undefined
