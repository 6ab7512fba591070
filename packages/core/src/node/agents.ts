import type { ClientCertificate } from '../flow/types.js'
import { BoundedMap } from '../util/bounded-map.js'
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
  readonly #agents: BoundedMap<string, A>

  constructor(factory: AgentFactory<A>) {
    this.#factory = factory
    this.#agents = new BoundedMap(CAPACITY, (_id, agent) => factory.retire?.(agent))
  }

  /**
   * The agent for `material`, created on first use and reused while the files are unchanged.
   *
   * @throws `AuthError` `INVALID_CONFIG` when the material cannot be read or used.
   */
  async get(material: ClientCertificate): Promise<A> {
    const { id, options } = await this.#loader.load(material)
    const cached = this.#agents.touch(id)
    if (cached !== undefined) return cached
    assertUsable(options)
    const agent = this.#factory.create(options)
    this.#agents.set(id, agent)
    return agent
  }
}
