import { Agent } from 'node:https'
import { AuthError, UNSUPPORTED } from '@latchkey/core'
import { CertificateAgents, certificateAgent, retireAgent } from '@latchkey/core/node'
import type { AxiosAdapter } from 'axios'
import type { AxiosModule } from '../axios-module.js'
import type { AssertPresentsCertificates, CertificateAgentsFor } from './types.js'

/** axios's adapters that take no https.Agent: they would send without the certificate. */
function agentless(axios: AxiosModule): AxiosAdapter[] {
  return (['xhr', 'fetch'] as const).flatMap((name) => {
    try {
      return [axios.getAdapter(name)]
    } catch {
      return [] // not available in this runtime
    }
  })
}

/**
 * Only axios's http adapter (and adapters built on it) present a certificate: the fetch
 * and xhr adapters ignore `httpsAgent`, which would drop the certificate silently.
 */
export const assertPresentsCertificates: AssertPresentsCertificates = (
  strategy,
  adapter,
  axios,
) => {
  if (!agentless(axios).includes(adapter)) return
  throw new AuthError(
    UNSUPPORTED,
    `${strategy.name}: axios's fetch and xhr adapters cannot present a client certificate; use its http adapter (adapter: 'http')`,
  )
}

/**
 * In Node.js, axios presents a client certificate through an https.Agent built with the
 * options of the caller's own `httpsAgent` (keep-alive, socket limits, CA) plus the
 * certificate: one per caller agent and certificate, kept while the material is
 * unchanged, so connections stay alive.
 */
export const certificateAgentsFor: CertificateAgentsFor = (strategy, adapter, axios) => {
  if (strategy.secrets.tls !== true) return undefined
  assertPresentsCertificates(strategy, adapter, axios)
  const byCallerAgent = new WeakMap<Agent, CertificateAgents<Agent>>()
  const pool = (base: Agent | undefined) =>
    new CertificateAgents<Agent>({
      create: (tls) => certificateAgent(tls, base),
      retire: retireAgent,
    })
  const withoutCallerAgent = pool(undefined)
  return (tls, callerAgent) => {
    if (!(callerAgent instanceof Agent)) return withoutCallerAgent.get(tls)
    let agents = byCallerAgent.get(callerAgent)
    if (agents === undefined) {
      agents = pool(callerAgent)
      byCallerAgent.set(callerAgent, agents)
    }
    return agents.get(tls)
  }
}
