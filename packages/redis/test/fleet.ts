import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { AuthEvent, StoredToken } from '@latchkey/core'

export interface WorkerConfig {
  readonly client: 'node-redis' | 'ioredis'
  /** One URL, or the nodes of a cluster. */
  readonly redis: string[]
  readonly origin: string
  readonly timeout?: number
  readonly store?: Record<string, number | string>
}

export type Grant = 'client-credentials' | 'refresh'

export interface RoundResult {
  readonly ok: number
  readonly failures: string[]
  readonly events: AuthEvent[]
  /** The process's store works alone (Redis away) after the round. */
  readonly degraded: boolean
}

const script = fileURLToPath(new URL('./worker.mjs', import.meta.url))

/** `size` real Node.js processes (child_process.fork), each one client of the fleet. */
export class Fleet {
  private constructor(readonly workers: ChildProcess[]) {}

  static async start(size: number, config: WorkerConfig): Promise<Fleet> {
    const workers = Array.from({ length: size }, () =>
      // Plain Node.js on the built packages: none of vitest's flags or conditions.
      fork(script, {
        execArgv: [],
        env: { ...process.env, NODE_OPTIONS: '', LATCHKEY_WORKER: JSON.stringify(config) },
        stdio: 'inherit',
      }),
    )
    await Promise.all(workers.map((worker) => next(worker, 'ready')))
    return new Fleet(workers)
  }

  /**
   * Every live process sends `requests` requests at once, with a client-credentials client
   * (store key `fleet-client-credentials`) or a refresh-token one (`fleet-refresh`, which
   * starts from `refreshToken`); their outcomes, per process.
   */
  round(requests: number, grant: Grant, refreshToken?: string): Promise<RoundResult[]> {
    return Promise.all(
      this.live().map((worker) => {
        // A process killed during the round has no result: it is left out.
        const done = next<RoundResult>(worker, 'done').catch(() => undefined)
        worker.send({ type: 'round', requests, grant, refreshToken })
        return done
      }),
    ).then((results) => results.filter((result) => result !== undefined))
  }

  /** Writes a token through the first process's store (on a cluster too). */
  async seed(key: string, token: StoredToken): Promise<void> {
    const [worker] = this.live()
    if (worker === undefined) throw new Error('no live worker')
    const seeded = next(worker, 'seeded')
    worker.send({ type: 'seed', key, token })
    await seeded
  }

  live(): ChildProcess[] {
    return this.workers.filter((worker) => worker.exitCode === null && worker.signalCode === null)
  }

  /** The first process that reports it took the lease. */
  leaseHolder(): Promise<ChildProcess> {
    const holders = this.workers.map((worker) => next(worker, 'leased').then(() => worker))
    // The others never report, and reject when they exit: that is no failure.
    for (const holder of holders) holder.catch(() => {})
    return Promise.race(holders)
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map((worker) => {
        if (worker.exitCode !== null || worker.signalCode !== null) return Promise.resolve()
        const gone = new Promise((resolve) => worker.once('exit', resolve))
        worker.send({ type: 'exit' })
        // A process that does not leave by itself is made to.
        const timer = setTimeout(() => worker.kill('SIGKILL'), 5000)
        return gone.finally(() => clearTimeout(timer))
      }),
    )
  }
}

function next<T = unknown>(worker: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return
      worker.off('message', onMessage)
      worker.off('exit', onExit)
      resolve(message as T)
    }
    const onExit = () => {
      worker.off('message', onMessage)
      reject(new Error(`worker exited before "${type}"`))
    }
    worker.on('message', onMessage)
    worker.once('exit', onExit)
  })
}
