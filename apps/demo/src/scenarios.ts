import type { Kit } from '@latchkey/conformance/kit'
import type { DemoClient } from './clients.js'
import { oauthServer } from './oauth.js'
import { type DemoStrategy, isClean, originsOf } from './strategies.js'

export interface Scenario {
  readonly name: string
  /** Strategies the scenario means something for; default all. */
  appliesTo?(strategy: DemoStrategy): boolean
  /** Sends the request(s) and says whether what the servers received is right. */
  run(client: DemoClient, kit: Kit, strategy: DemoStrategy): Promise<boolean>
}

const redirect = (from: string, to: string) =>
  `${from}/redirect?status=302&to=${encodeURIComponent(to)}`

/** The hop the servers received last at `path`. */
function last(kit: Kit, path: string) {
  return kit.log.at(path).at(-1)
}

export const scenarios: readonly Scenario[] = [
  {
    name: 'credentials arrive',
    run: async (client, kit, strategy) => {
      const path = `${strategy.path ?? '/echo'}/direct`
      const status = await client.get(`${originsOf(kit, strategy).home}${path}`)
      const hop = last(kit, path)
      return status === 200 && hop !== undefined && strategy.carries(hop)
    },
  },
  {
    name: 'same-origin redirect keeps them',
    run: async (client, kit, strategy) => {
      const path = `${strategy.path ?? '/echo'}/same`
      const status = await client.get(redirect(originsOf(kit, strategy).home, path))
      const hop = last(kit, path)
      return status === 200 && hop !== undefined && strategy.carries(hop)
    },
  },
  {
    name: 'cross-origin redirect strips them',
    run: async (client, kit, strategy) => {
      const { home, away } = originsOf(kit, strategy)
      await client.get(redirect(home, `${away}/echo/away`))
      const hop = last(kit, '/echo/away')
      return hop !== undefined && isClean(hop)
    },
  },
  {
    name: 'per-request opt-out sends none',
    run: async (client, kit, strategy) => {
      await client.get(`${originsOf(kit, strategy).home}/echo/opt-out`, { optOut: true })
      const hop = last(kit, '/echo/opt-out')
      return hop !== undefined && isClean(hop)
    },
  },
  {
    name: 'a refused token is replaced once',
    appliesTo: (strategy) => strategy.tokens === true,
    run: async (client, kit) => {
      await client.get(`${kit.http}/oauth/api/before`)
      oauthServer.revokeAll()
      return (await client.get(`${kit.http}/oauth/api/after`)) === 200
    },
  },
]
