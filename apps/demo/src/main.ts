import { startKit } from '@latchkey/conformance/kit'
import { adapters } from './clients.js'
import { type Row, renderMatrix } from './matrix.js'
import { oauthServer } from './oauth.js'
import { scenarios } from './scenarios.js'
import { strategies } from './strategies.js'

/**
 * `pnpm demo`: real servers on 127.0.0.1, every adapter through every strategy and
 * scenario, a matrix of what the servers actually received. Exits non-zero on any failure.
 */
const kit = await startKit()
kit.handle('/oauth', oauthServer.handler)
const rows: Row[] = []
try {
  for (const strategy of strategies) {
    for (const scenario of scenarios) {
      const results: (true | string | null)[] = []
      if (scenario.appliesTo?.(strategy) === false) {
        rows.push({
          strategy: strategy.name,
          scenario: scenario.name,
          results: adapters.map(() => null),
        })
        continue
      }
      for (const adapter of adapters) {
        strategy.serve?.(kit)
        const client = adapter.create(strategy.build(kit), kit.ca)
        const outcome = await scenario.run(client, kit, strategy).then(
          (ok) => ok || 'the servers did not receive what they should',
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        )
        results.push(outcome)
      }
      rows.push({ strategy: strategy.name, scenario: scenario.name, results })
    }
  }
} finally {
  await kit.close()
}

const counted = rows.flatMap((row) => row.results).filter((result) => result !== null)
const checks = counted.length
const failed = counted.filter((result) => typeof result === 'string').length
console.log(
  `Latchkey demo: ${adapters.length} clients x ${strategies.length} strategies x ${scenarios.length} scenarios, against real servers on 127.0.0.1\n`,
)
console.log(
  renderMatrix(
    adapters.map((adapter) => adapter.name),
    rows,
  ),
)
console.log(`${checks} checks, ${checks - failed} passed, ${failed} failed.`)
process.exitCode = failed === 0 ? 0 : 1
