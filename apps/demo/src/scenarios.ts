import type { Kit } from '@latchkey/conformance/kit'
import type { DemoClient } from './clients.js'
import { type DemoStrategy, isClean } from './strategies.js'

export interface Scenario {
  readonly name: string
  /** Sends the request(s) and says whether what the servers received is right. */
  run(client: DemoClient, kit: Kit, strategy: DemoStrategy): Promise<boolean>
}

const redirect = (kit: Kit, to: string) =>
  `${kit.http}/redirect?status=302&to=${encodeURIComponent(to)}`

/** The hop the servers received last at `path`. */
function last(kit: Kit, path: string) {
  return kit.log.at(path).at(-1)
}

export const scenarios: readonly Scenario[] = [
  {
    name: 'credentials arrive',
    run: async (client, kit, strategy) => {
      const path = `${strategy.target ?? '/echo'}/direct`
      const status = await client.get(`${kit.http}${path}`)
      const hop = last(kit, path)
      return status === 200 && hop !== undefined && strategy.carries(hop)
    },
  },
  {
    name: 'same-origin redirect keeps them',
    run: async (client, kit, strategy) => {
      const path = `${strategy.target ?? '/echo'}/same`
      await client.get(redirect(kit, path))
      const hop = last(kit, path)
      return hop !== undefined && strategy.carries(hop)
    },
  },
  {
    name: 'cross-origin redirect strips them',
    run: async (client, kit) => {
      await client.get(redirect(kit, `${kit.other}/echo/away`))
      const hop = last(kit, '/echo/away')
      return hop !== undefined && isClean(hop)
    },
  },
  {
    name: 'per-request opt-out sends none',
    run: async (client, kit) => {
      await client.get(`${kit.http}/echo/opt-out`, { optOut: true })
      const hop = last(kit, '/echo/opt-out')
      return hop !== undefined && isClean(hop)
    },
  },
]
