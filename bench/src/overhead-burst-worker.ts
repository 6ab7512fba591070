import { type Auth, type Client, sender, strategies } from './overhead-clients.js'

/**
 * One burst of `pnpm bench overhead-burst`, in a fresh process: `count` requests started at
 * once through one client, with the header set by hand or a cached oauth2 token through
 * Latchkey. Prints one JSON line: how many succeeded, what the others failed with, peak
 * RSS (the kernel's figure) and peak JS heap (sampled every 5 ms).
 */
interface BurstTask {
  readonly client: Client
  readonly origin: string
  readonly latchkey: boolean
  readonly count: number
}

const task = JSON.parse(process.argv[2] ?? '{}') as BurstTask
const auth: Auth = task.latchkey
  ? { kind: 'latchkey', strategy: strategies(task.origin)['cached oauth2'] }
  : { kind: 'header' }
const send = sender(task.client, auth, task.origin)
const url = `${task.origin}/resource`
await send(url) // the token is fetched and cached before the burst
let peakHeap = process.memoryUsage().heapUsed
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
}, 5)
const failures: Record<string, number> = {}
const started = performance.now()
const outcomes = await Promise.allSettled(Array.from({ length: task.count }, () => send(url)))
const elapsed = performance.now() - started
clearInterval(sampler)
let ok = 0
for (const outcome of outcomes) {
  if (outcome.status === 'fulfilled') ok++
  else {
    const reason = outcome.reason as { code?: string; name?: string } | undefined
    const key = reason?.code ?? reason?.name ?? 'unknown'
    failures[key] = (failures[key] ?? 0) + 1
  }
}
peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
process.stdout.write(
  `${JSON.stringify({ ok, failures, elapsed, peakRss: process.resourceUsage().maxRSS * 1024, peakHeap })}\n`,
)
process.exit(0)
