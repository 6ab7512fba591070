import type { ClientCertificate } from '../flow/types.js'
import { assertUsable, CertificateLoader, type TlsOptions } from './material.js'

/** How an adapter turns loaded material into its client's TLS mechanism. */
export interface AgentFactory<A> {
  /** An agent (an https.Agent, an undici Agent, got's https options) presenting `options`. */
  create(options: TlsOptions): A
  /** Called when an agent is no longer handed out: close it once its requests are done. */
  retire?(agent: A): void
}

/** Agents kept at once: the current certificate, and a few recent ones still finishing requests. */
const CAPACITY = 4

/**
 * One agent per certificate, reused for as long as the material is unchanged so
 * connections stay alive; a rotated certificate gets a new agent, and the least recently
 * used one beyond a few is retired.
 *
 * @example
 * ```ts
 * const agents = new CertificateAgents({ create: (tls) => new https.Agent({ keepAlive: true, ...tls }) })
 * const agent = await agents.get(request.tls)
 * ```
 */
export class CertificateAgents<A> {
  readonly #factory: AgentFactory<A>
  readonly #loader = new CertificateLoader()
  readonly #agents = new Map<string, A>()

  constructor(factory: AgentFactory<A>) {
    this.#factory = factory
  }

  async get(material: ClientCertificate): Promise<A> {
    const { id, options } = await this.#loader.load(material)
    const cached = this.#agents.get(id)
    if (cached !== undefined) {
      this.#agents.delete(id)
      this.#agents.set(id, cached)
      return cached
    }
    assertUsable(options)
    const agent = this.#factory.create(options)
    this.#agents.set(id, agent)
    if (this.#agents.size > CAPACITY) {
      const [oldestId, oldest] = this.#agents.entries().next().value as [string, A]
      this.#agents.delete(oldestId)
      this.#factory.retire?.(oldest)
    }
    return agent
  }
}
