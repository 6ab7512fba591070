import { createRequire } from 'node:module'
import { AuthError, type AuthStrategy, UNSUPPORTED } from '@latchkey/core'
import { CertificateAgents } from '@latchkey/core/node'
import type { DispatcherFor } from './types.js'

/** The part of undici used here; undici is an optional peer dependency. */
export interface Undici {
  Agent: new (options: { connect: object }) => { close(): Promise<void> }
}

const require = createRequire(import.meta.url)
const loadUndici = () => require('undici') as Undici

/**
 * In Node.js, fetch presents a client certificate through an undici `Agent` built with
 * it (one per certificate, kept while the material is unchanged, so connections stay
 * alive). undici is loaded here, at setup, so a missing package fails `withAuth`, not the
 * first request.
 */
export function certificateDispatchers(
  strategy: AuthStrategy,
  load: () => Undici = loadUndici,
): DispatcherFor | undefined {
  if (strategy.secrets.tls !== true) return undefined
  let undici: Undici
  try {
    undici = load()
  } catch (error) {
    throw new AuthError(
      UNSUPPORTED,
      `${strategy.name}: presenting a client certificate through fetch needs the undici package (npm install undici)`,
      { cause: error },
    )
  }
  const agents = new CertificateAgents({
    create: (tls) => new undici.Agent({ connect: tls }),
    retire: (agent) => void agent.close().catch(() => {}),
  })
  return (tls) => agents.get(tls)
}
