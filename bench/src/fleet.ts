import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { RedisServer } from '@latchkey/redis/testing'
import { median, percentile, startServer, table } from './measure.js'

interface Done {
  readonly type: 'done'
  readonly latencies: number[]
  readonly failures: string[]
  readonly degraded: number
}

/**
 * A fleet of 1, 8 and 32 processes, each sending `requests` requests at once on a token
 * the server just revoked (token endpoint 50 ms): token requests per expiry, failures and
 * latency, with tokens per process (`MemoryTokenStore`) and shared (`@latchkey/redis`).
 */
export async function fleet(options: {
  sizes: readonly number[]
  requests: number
  rounds: number
}): Promise<string> {
  const title = `fleet: N processes x ${options.requests} concurrent requests on a revoked token, token endpoint 50 ms (median of ${options.rounds} expiries)`
  if (!(await RedisServer.available())) {
    return `${title}\nskipped: no redis-server on the PATH (Debian: apt-get install redis-server)`
  }
  const redis = await RedisServer.start()
  const server = await startServer('token-server.js')
  const admin = (path: string) =>
    fetch(`${server.origin}/admin/${path}`).then(
      (r) => r.json() as Promise<{ tokenRequests?: number }>,
    )
  const rows: string[][] = []
  const notes: string[] = []
  try {
    for (const size of options.sizes) {
      for (const store of ['memory', 'redis'] as const) {
        await redis.cli('flushall')
        const workers = await start(size, {
          origin: server.origin,
          ...(store === 'redis' && { redisUrl: redis.url }),
        })
        const perExpiry: number[] = []
        const latencies: number[] = []
        const failures: string[] = []
        let degraded = 0
        try {
          for (let round = 0; round < options.rounds; round++) {
            await admin('expire')
            await admin('stats')
            const results = await Promise.all(
              workers.map((worker) => {
                const done = next<Done>(worker, 'done')
                worker.send({ type: 'round', requests: options.requests })
                return done
              }),
            )
            perExpiry.push((await admin('stats')).tokenRequests ?? 0)
            for (const result of results) {
              latencies.push(...result.latencies)
              failures.push(...result.failures)
              degraded += result.degraded
            }
          }
        } finally {
          for (const worker of workers) worker.send({ type: 'exit' })
        }
        const kinds = [...new Set(failures)].join(', ')
        if (kinds !== '') notes.push(`${size} x ${store}: failures ${kinds}`)
        rows.push([
          String(size),
          store === 'memory' ? 'MemoryTokenStore' : '@latchkey/redis',
          String(median(perExpiry)),
          String(failures.length),
          String(degraded),
          percentile(latencies, 50).toFixed(0),
          percentile(latencies, 99).toFixed(0),
        ])
      }
    }
  } finally {
    server.stop()
    await redis.stop()
  }
  const legend = '(degraded: store-degraded events, i.e. a process that worked alone for a while)'
  return `${title}\n${legend}\n${notes.map((note) => `${note}\n`).join('')}${table(['processes', 'store', 'token requests per expiry', 'failures', 'degraded', 'p50 ms', 'p99 ms'], rows)}`
}

async function start(size: number, config: object): Promise<ChildProcess[]> {
  const script = fileURLToPath(new URL('fleet-worker.js', import.meta.url))
  const workers = Array.from({ length: size }, () =>
    fork(script, { env: { ...process.env, FLEET_WORKER: JSON.stringify(config) } }),
  )
  await Promise.all(workers.map((worker) => next(worker, 'ready')))
  return workers
}

function next<T>(worker: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return
      worker.off('message', onMessage)
      resolve(message as T)
    }
    worker.on('message', onMessage)
    worker.once('exit', () => reject(new Error(`a fleet process exited before "${type}"`)))
  })
}
