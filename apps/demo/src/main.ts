import { startKit } from '@latchkey/conformance/kit'
import { startOidcProvider } from '@latchkey/oidc-testing/kit'
import { adapters } from './clients.js'
import { fleetRow } from './fleet.js'
import { type Row, renderMatrix } from './matrix.js'
import { oauthServer } from './oauth.js'
import { API, cliLogin, deviceFlow, oidcStrategies } from './oidc.js'
import { proxyRows } from './proxy.js'
import { scenarios } from './scenarios.js'
import { singleFlightTrace } from './single-flight.js'
import { strategies as basics } from './strategies.js'

/**
 * `pnpm demo`: real servers on 127.0.0.1, every adapter through every strategy and
 * scenario, a matrix of what the servers actually received. Exits non-zero on any failure.
 */
const [kit, provider] = await Promise.all([startKit(), startOidcProvider()])
kit.handle('/oauth', oauthServer.handler)
kit.handle(API, provider.api.handler)
const strategies = [...basics, ...oidcStrategies(provider)]
const rows: Row[] = []
let device: Awaited<ReturnType<typeof deviceFlow>> = { lines: [], failed: 0 }
let fleet = { line: '', checks: 0, failed: 0 }
let login: Awaited<ReturnType<typeof cliLogin>> = { lines: [], failed: 0 }
let trace: Awaited<ReturnType<typeof singleFlightTrace>> = { lines: [], failed: 0 }
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
        const client = adapter.create(await strategy.build(kit), kit.ca)
        const outcome = await scenario.run(client, kit, strategy).then(
          (ok) => ok || 'the servers did not receive what they should',
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        )
        results.push(outcome)
      }
      rows.push({ strategy: strategy.name, scenario: scenario.name, results })
    }
  }
  rows.push(
    ...(await proxyRows(
      kit,
      adapters.map((adapter) => adapter.name),
    )),
  )
  device = await deviceFlow(adapters, provider, kit)
  kit.handle('/oauth', oauthServer.handler)
  fleet = await fleetRow(kit.http, oauthServer)
  login = await cliLogin(adapters, provider, kit)
  trace = await singleFlightTrace(kit)
} finally {
  await Promise.all([kit.close(), provider.close()])
}

const counted = rows.flatMap((row) => row.results).filter((result) => result !== null)
const checks = counted.length + 2 * adapters.length + fleet.checks + 1
const failed =
  counted.filter((result) => typeof result === 'string').length +
  device.failed +
  login.failed +
  fleet.failed +
  trace.failed
console.log(
  `Latchkey demo: ${adapters.length} clients x ${strategies.length} strategies x ${scenarios.length} scenarios, against real servers on 127.0.0.1`,
)
console.log(
  `(oidc.* strategies: a real OpenID provider at ${provider.issuer}; its API validates every token and DPoP proof)\n`,
)
console.log(
  renderMatrix(
    adapters.map((adapter) => adapter.name),
    rows,
  ),
)
console.log('Device flow (RFC 8628), as a command-line tool shows it; approved automatically here:')
console.log(device.lines.join('\n'))
console.log(
  '\nLogin from a command-line tool (authorization code + PKCE, RFC 8252); the browser is scripted here:',
)
console.log(login.lines.join('\n'))
console.log(`\n${fleet.line}`)
console.log(
  "\nOne token refresh under load, as Latchkey's channels show it (subscribe() or diagnostics_channel):",
)
console.log(trace.lines.join('\n'))
console.log(`\n${checks} checks, ${checks - failed} passed, ${failed} failed.`)
process.exitCode = failed === 0 ? 0 : 1
