import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { median, startServer, table } from './measure.js'
import { type Client, clients } from './overhead-clients.js'

interface Burst {
  readonly ok: number
  readonly failures: Record<string, number>
  readonly elapsed: number
  readonly peakRss: number
  readonly peakHeap: number
}

/**
 * 10,000 concurrent requests per client, with the header set by hand and with a cached
 * oauth2 token through Latchkey, each burst in a fresh process (so peak RSS is the burst's
 * own): how many succeed, what the rest failed with, peak RSS and heap, median of `rounds`.
 * `BURST_CLIENTS`, `BURST_ROUNDS` and `BURST_COUNT` override the defaults.
 */
export async function overheadBurst(options: { rounds: number; count: number }): Promise<string> {
  const env = process.env
  const rounds = Number(env.BURST_ROUNDS ?? options.rounds)
  const count = Number(env.BURST_COUNT ?? options.count)
  const selected = (env.BURST_CLIENTS?.split(',') ?? clients) as Client[]
  const server = await startServer()
  const rows: string[][] = []
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1)
  try {
    for (const client of selected) {
      for (const latchkey of [false, true]) {
        const bursts: Burst[] = []
        for (let round = 0; round < rounds; round++) {
          bursts.push(await burst({ client, origin: server.origin, latchkey, count }))
        }
        const failures = bursts.map((b) =>
          Object.entries(b.failures)
            .map(([code, n]) => `${n} ${code}`)
            .join(' '),
        )
        rows.push([
          client,
          latchkey ? 'cached oauth2' : 'hand-set header',
          bursts.map((b) => b.ok).join(' / '),
          failures.filter(Boolean).join('; ') || '-',
          mib(median(bursts.map((b) => b.peakRss))),
          mib(median(bursts.map((b) => b.peakHeap))),
          (median(bursts.map((b) => b.elapsed)) / 1000).toFixed(1),
        ])
      }
    }
  } finally {
    server.stop()
  }
  const title = `overhead-burst: ${count} concurrent requests, each burst in a fresh process, ${rounds} bursts per cell (peaks: median)`
  const header = [
    'client',
    'variant',
    'succeeded',
    'failures',
    'peak RSS MiB',
    'peak heap MiB',
    'wall s',
  ]
  return `${title}\n${table(header, rows)}`
}

function burst(task: {
  client: Client
  origin: string
  latchkey: boolean
  count: number
}): Promise<Burst> {
  const script = fileURLToPath(new URL('overhead-burst-worker.js', import.meta.url))
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
      if (code !== 0) reject(new Error(`burst worker for ${task.client} exited with ${code}`))
      else resolve(JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Burst)
    })
  })
}
