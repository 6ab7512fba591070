import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** Starts `server.js` in a child process; resolves with its origin and a way to stop it. */
export async function startServer(
  script = 'server.js',
  options: { env?: NodeJS.ProcessEnv; scheme?: 'http' | 'https' } = {},
): Promise<{ origin: string; stop: () => void }> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, ...options.env },
  })
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))
    child.once('error', reject)
  })
  return { origin: `${options.scheme ?? 'http'}://127.0.0.1:${port}`, stop: () => child.kill() }
}

/** One measured run: wall-clock throughput and this process's CPU time per request. */
export interface Sample {
  readonly perSecond: number
  readonly cpuMicros: number
}

/**
 * Sends `count` requests through `concurrency` loops. CPU time (user + system) of this
 * process per request is the steadier figure on a shared machine: other tenants slow the
 * wall clock, not the work the client itself does.
 */
export async function sample(
  send: () => Promise<unknown>,
  count: number,
  concurrency: number,
): Promise<Sample> {
  let started = 0
  const loop = async () => {
    while (started++ < count) await send()
  }
  const cpu = process.cpuUsage()
  const start = performance.now()
  await Promise.all(Array.from({ length: concurrency }, loop))
  const elapsed = performance.now() - start
  const used = process.cpuUsage(cpu)
  return { perSecond: (count * 1000) / elapsed, cpuMicros: (used.user + used.system) / count }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

/** Prints rows as an aligned table. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  )
  const line = (values: readonly string[]) =>
    values.map((value, column) => value.padStart(widths[column] ?? 0)).join('  ')
  return [line(header), ...rows.map(line)].join('\n')
}
