import { Agent, type AgentOptions } from 'node:https'
import type { Socket } from 'node:net'
import type { TlsOptions } from './material.js'

/**
 * An https.Agent presenting a client certificate, with the options of `base` (the user's
 * own agent: keep-alive, socket limits, CA) kept. A user's option is overridden only by
 * the material itself.
 */
export function certificateAgent(tls: TlsOptions, base?: Agent): Agent {
  const inherited = (base as { options?: AgentOptions } | undefined)?.options ?? { keepAlive: true }
  return new Agent({ ...inherited, ...tls })
}

/**
 * Lets an agent's requests in flight finish, and closes its idle connections now and as
 * each request ends, instead of `destroy()`, which would cut requests in flight.
 */
export function retireAgent(agent: Agent): void {
  agent.on('free', (socket: Socket) => socket.destroy())
  for (const sockets of Object.values(agent.freeSockets)) {
    for (const socket of sockets ?? []) socket.destroy()
  }
}
