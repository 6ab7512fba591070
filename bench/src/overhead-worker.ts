import { GCProfiler, getHeapStatistics } from 'node:v8'
import { apiKey, bearer, chain, route } from '@latchkey/core'
import { type Auth, type Client, type Send, sender, strategies, token } from './overhead-clients.js'

/**
 * One process of `pnpm bench overhead`: every variant of one client, in blocks of
 * sequential keep-alive requests, the variants shuffled in every round. Prints one JSON
 * line: per variant, the median over rounds of client CPU µs and heap bytes allocated per
 * request. The parent forks several of these and reports medians and spreads across them.
 */
export interface WorkerTask {
  readonly client: Client
  readonly origin: string
  readonly digestOrigin: string
  readonly rounds: number
  readonly block: number
  /** Also measure chain() and route() growth (one client is enough). */
  readonly growth: boolean
  readonly anchor: string | undefined
}

export interface VariantFigure {
  readonly cpu: number
  readonly bytes: number
}

interface Variant {
  readonly name: string
  readonly url: string
  readonly send: Send
}

const task = JSON.parse(process.argv[2] ?? '{}') as WorkerTask

const variants: Variant[] = []
const add = (name: string, auth: Auth, url = `${task.origin}/resource`, headers?: object) => {
  const send = sender(task.client, auth, task.origin, headers as Record<string, string>)
  variants.push({ name, url, send })
}
add('bare', { kind: 'none' })
add('hand-set header', { kind: 'header' })
for (const [name, strategy] of Object.entries(strategies(task.origin))) {
  if (name === 'cached digest') continue
  add(name, { kind: 'latchkey', strategy })
}
add('hand-set header (digest server)', { kind: 'header' }, `${task.digestOrigin}/plain`)
add(
  'cached digest',
  { kind: 'latchkey', strategy: strategies(task.origin)['cached digest'] },
  `${task.digestOrigin}/resource`,
)
if (task.anchor !== undefined) add(task.anchor, { kind: 'anchor' })
if (task.growth) {
  for (const parts of [1, 2, 4, 8]) {
    const keys = Array.from({ length: parts }, (_, i) => `x-key-${i + 1}`)
    const headers = Object.fromEntries(keys.map((key) => [key, token]))
    add(`hand-set ${parts} headers`, { kind: 'header' }, undefined, headers)
    add(`chain of ${parts}`, {
      kind: 'latchkey',
      strategy: () => chain(...keys.map((header) => apiKey({ header, value: token }))),
    })
  }
  for (const origins of [1, 10, 100]) {
    add(`route over ${origins}`, {
      kind: 'latchkey',
      strategy: () =>
        route(
          Object.fromEntries([
            ...Array.from({ length: origins - 1 }, (_, i) => [
              `https://service-${i}.example`,
              bearer(`${token}-${i}`),
            ]),
            [task.origin, bearer(token)],
          ]),
        ),
    })
  }
}

/** Heap bytes allocated while `run` runs: growth of the used heap plus what each GC freed. */
async function measured(run: () => Promise<void>): Promise<VariantFigure> {
  const profiler = new GCProfiler()
  const heapBefore = getHeapStatistics().used_heap_size
  profiler.start()
  const cpu = process.cpuUsage()
  await run()
  const used = process.cpuUsage(cpu)
  const heapAfter = getHeapStatistics().used_heap_size
  const gcs = profiler.stop()?.statistics ?? []
  let freed = 0
  for (const gc of gcs) {
    freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize
  }
  return { cpu: used.user + used.system, bytes: heapAfter - heapBefore + freed }
}

async function block(variant: Variant, count: number): Promise<VariantFigure> {
  const figure = await measured(async () => {
    for (let i = 0; i < count; i++) await variant.send(variant.url)
  })
  return { cpu: figure.cpu / count, bytes: figure.bytes / count }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
  }
  return copy
}

for (const variant of variants) await block(variant, Math.max(200, task.block)) // warm-up, token fetched
const samples = new Map<string, VariantFigure[]>(variants.map((v) => [v.name, []]))
for (let round = 0; round < task.rounds; round++) {
  for (const variant of shuffled(variants)) {
    samples.get(variant.name)?.push(await block(variant, task.block))
  }
}
const result: Record<string, VariantFigure> = {}
for (const [name, figures] of samples) {
  result[name] = {
    cpu: median(figures.map((f) => f.cpu)),
    bytes: median(figures.map((f) => f.bytes)),
  }
}
process.stdout.write(`${JSON.stringify(result)}\n`)
process.exit(0)
