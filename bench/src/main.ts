import { bundleSize } from './bundle-size.js'
import { digestBench } from './digest.js'
import { dpop } from './dpop.js'
import { dpopProofs } from './dpop-proofs.js'
import { fleet } from './fleet.js'
import { mtlsOverhead } from './mtls.js'
import { observeIdle } from './observe-idle.js'
import { overhead } from './overhead.js'
import { overheadBurst } from './overhead-burst.js'
import { overheadCore } from './overhead-core.js'
import { overheadObserved } from './overhead-observed.js'
import { refreshStorm } from './refresh-storm.js'
import { sigv4 } from './sigv4.js'

/**
 * `pnpm bench [name...]`: runs the named benchmarks (all by default) and prints figures.
 * Nothing here is asserted: these machines are shared and noisy, so figures are read,
 * as ratios measured side by side in one run.
 */
const benchmarks: Record<string, () => Promise<string>> = {
  overhead: () => overhead({ processes: 3, rounds: 15, block: 200 }),
  'overhead-core': () => overheadCore({ rounds: 15, requests: 5000 }),
  'overhead-burst': () => overheadBurst({ rounds: 2, count: 10_000 }),
  'overhead-observed': () => overheadObserved({ rounds: 30, requests: 300, concurrency: 16 }),
  'observe-idle': () => observeIdle({ rounds: 31, requests: 5000 }),
  'refresh-storm': () => refreshStorm({ requests: 1000 }),
  sigv4: () => sigv4({ rounds: 5 }),
  digest: () => digestBench({ requests: 1000, rounds: 5 }),
  mtls: () => mtlsOverhead({ rounds: 7, requests: 1000, concurrency: 16 }),
  dpop: async () =>
    `${await dpop({ rounds: 9, requests: 2000, concurrency: 16 })}\n\n${await dpopProofs({ rounds: 15, proofs: 2000 })}`,
  fleet: () =>
    fleet({
      sizes: (process.env.FLEET_SIZES ?? '1,8,32').split(',').map(Number),
      requests: 50,
      rounds: 3,
    }),
  'bundle-size': bundleSize,
}

const requested = process.argv.slice(2)
const names = requested.length > 0 ? requested : Object.keys(benchmarks)
for (const name of names) {
  const run = benchmarks[name]
  if (run === undefined) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(benchmarks).join(', ')}`)
    process.exitCode = 1
    continue
  }
  console.log(`${await run()}\n`)
}
