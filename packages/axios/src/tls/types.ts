import type { AuthStrategy, ClientCertificate } from '@latchkey/core'
import type { AxiosAdapter } from 'axios'
import type { AxiosModule } from '../axios-module.js'

/** The https.Agent that presents this certificate, built on the caller's own `httpsAgent`. */
export type HttpsAgentFor = (tls: ClientCertificate, callerAgent: unknown) => Promise<unknown>

/**
 * Checks at setup that axios can present the strategy's client certificate here, and
 * returns how; `undefined` when the strategy presents none. Throws `UNSUPPORTED`.
 */
export type CertificateAgentsFor = (
  strategy: AuthStrategy,
  defaultAdapter: AxiosAdapter,
  axios: AxiosModule,
) => HttpsAgentFor | undefined

/** Throws `UNSUPPORTED` when `adapter` cannot present a client certificate. */
export type AssertPresentsCertificates = (
  strategy: AuthStrategy,
  adapter: AxiosAdapter,
  axios: AxiosModule,
) => void
