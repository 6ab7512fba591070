import { awsScenarios } from '@latchkey/aws-testing'
import type { AdapterUnderTest } from '@latchkey/conformance'
import { describeAdapter } from '@latchkey/conformance/vitest'
import { PAGE_API, type WireKit } from '../shared/wire.js'
import { adapters } from './adapters.js'
import { browserScenarios } from './browser-scenarios.js'
import { RemoteKit } from './remote-kit.js'
import { collected, run } from './vitest-shim.js'

/** Node.js puts the kit's origins here before the bundle runs (`addInitScript`). */
const origins = (globalThis as unknown as { __latchkeyOrigins: WireKit }).__latchkeyOrigins
const name = new URL(location.href).searchParams.get('adapter') ?? ''
const adapter = adapters[name]
if (adapter === undefined) throw new Error(`no adapter ${name}`)

const remote = new RemoteKit(origins)

/** The adapter, with the hop log brought up to date whenever a request settles. */
const synced: AdapterUnderTest = {
  ...adapter,
  createClient(strategy, options) {
    const client = adapter.createClient(strategy, options)
    return {
      async request(request) {
        await remote.settled()
        try {
          return await client.request(request)
        } finally {
          await remote.sync()
        }
      },
    }
  },
}

describeAdapter(synced, {
  scenarios: [awsScenarios, browserScenarios],
  startKit: async () => remote.kit(),
})

Object.assign(globalThis, {
  [PAGE_API]: {
    tests: collected(),
    run,
    recordAll: (hops: [number, number, never][]) => {
      for (const [generation, index, hop] of hops) remote.record(generation, index, hop)
    },
    serve: (prefix: string, hop: never, url: string) => remote.serve(prefix, hop, url),
    pull: (id: number) => remote.pull(id),
    cancel: (id: number) => remote.cancel(id),
  },
})
