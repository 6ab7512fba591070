import { fork } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { median, startServer, table } from './measure.js'
import { anchorNames, type Client, clients } from './overhead-clients.js'
import type { VariantFigure, WorkerTask } from './overhead-worker.js'

type Figures = Record<string, VariantFigure>

/** The baseline each row is compared with: the same client setting the header by hand. */
function baselineOf(variant: string): string {
  if (variant === 'cached digest') return 'hand-set header (digest server)'
  const chained = /^chain of (\d+)$/.exec(variant)
  if (chained) return `hand-set ${chained[1]} headers`
  return 'hand-set header'
}

/**
 * Client CPU per request with and without Latchkey, for every client and strategy: each
 * client measured in `processes` fresh processes (the server in its own), each process
 * running every variant in shuffled blocks of sequential keep-alive requests. Per cell:
 * the median across processes of each process's median, and the spread (lowest to
 * highest) of the added µs across processes. CPU time of the client's own process is the
 * figure a shared machine disturbs least; the wall clock is not reported.
 *
 * Environment: `OVERHEAD_CLIENTS` (comma-separated, default all), `OVERHEAD_PROCESSES`,
 * `OVERHEAD_ROUNDS`, `OVERHEAD_BLOCK`, `OVERHEAD_JSON` (a file for the raw figures).
 */
export async function overhead(options: {
  processes: number
  rounds: number
  block: number
}): Promise<string> {
  const env = process.env
  const processes = Number(env.OVERHEAD_PROCESSES ?? options.processes)
  const rounds = Number(env.OVERHEAD_ROUNDS ?? options.rounds)
  const block = Number(env.OVERHEAD_BLOCK ?? options.block)
  const selected = (env.OVERHEAD_CLIENTS?.split(',') ?? clients) as Client[]
  const server = await startServer()
  const digestServer = await startServer('digest-server.js')
  const raw: Record<string, Figures[]> = {}
  try {
    for (const client of selected) {
      raw[client] = []
      for (let p = 0; p < processes; p++) {
        raw[client].push(
          await runWorker({
            client,
            origin: server.origin,
            digestOrigin: digestServer.origin,
            rounds,
            block,
            growth: client === 'fetch',
            anchor: anchorNames[client],
          }),
        )
      }
    }
  } finally {
    server.stop()
    digestServer.stop()
  }
  if (env.OVERHEAD_JSON) writeFileSync(env.OVERHEAD_JSON, JSON.stringify(raw, null, 2))
  return report(raw, { processes, rounds, block })
}

export function report(
  raw: Record<string, Figures[]>,
  setup: { processes: number; rounds: number; block: number },
): string {
  const rows: string[][] = []
  for (const [client, runs] of Object.entries(raw)) {
    const names = Object.keys(runs[0] ?? {})
    for (const name of names) {
      if (name.startsWith('hand-set') && name !== 'hand-set header') continue
      const base = baselineOf(name)
      const cpu = runs.map((run) => run[name]?.cpu ?? Number.NaN)
      const baseCpu = runs.map((run) => run[base]?.cpu ?? Number.NaN)
      const added = cpu.map((value, i) => value - (baseCpu[i] as number))
      const bytes = runs.map((run) => run[name]?.bytes ?? Number.NaN)
      const baseBytes = runs.map((run) => run[base]?.bytes ?? Number.NaN)
      const isBase = name === 'hand-set header'
      const m = median(added)
      rows.push([
        client,
        name,
        median(cpu).toFixed(0),
        isBase ? '' : `${sign(m)}${m.toFixed(1)}`,
        isBase
          ? ''
          : `${sign(Math.min(...added))}${Math.min(...added).toFixed(0)}..${Math.max(...added).toFixed(0)}`,
        isBase ? '' : `${((100 * m) / median(baseCpu)).toFixed(1)}%`,
        isBase ? '' : (median(baseCpu) / median(cpu)).toFixed(3),
        (median(bytes) / 1024).toFixed(1),
        isBase
          ? ''
          : `${sign(median(bytes) - median(baseBytes))}${((median(bytes) - median(baseBytes)) / 1024).toFixed(1)}`,
      ])
    }
  }
  const title = `overhead: client CPU per request, sequential keep-alive over loopback, server in its own process; per client ${setup.processes} processes x ${setup.rounds} shuffled rounds of ${setup.block} requests per variant; median across processes (spread: lowest..highest process)`
  const header = [
    'client',
    'variant',
    'cpu µs/req',
    'added µs',
    'spread',
    'added',
    'ratio',
    'heap KiB/req',
    'added KiB',
  ]
  return `${title}\n${table(header, rows)}`
}

function sign(value: number): string {
  return value >= 0 ? '+' : ''
}

function runWorker(task: WorkerTask): Promise<Figures> {
  const script = fileURLToPath(new URL('overhead-worker.js', import.meta.url))
  const child = fork(script, [JSON.stringify(task)], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`overhead worker for ${task.client} exited with ${code}`))
      else resolve(JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Figures)
    })
  })
}
