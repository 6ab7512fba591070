import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from '@latchkey/core/testing/node'

export { freePort }

const run = promisify(execFile)

/**
 * `@latchkey/redis/testing`: a real redis-server for tests, benchmarks and demos, started
 * from the `redis-server` on the PATH (Debian: `apt-get install redis-server`) on a free
 * loopback port, in its own temporary directory, with no persistence.
 */
export class RedisServer {
  /** Whether `redis-server` can be started here. */
  static async available(): Promise<boolean> {
    return run('redis-server', ['--version']).then(
      () => true,
      () => false,
    )
  }

  #process: ChildProcess | undefined
  /** The server's temporary directory, removed by `stop()`. */
  readonly dir = mkdtempSync(join(tmpdir(), 'latchkey-redis-'))

  private constructor(
    /** The loopback port it listens on. */
    readonly port: number,
    /** Extra `redis-server` arguments (`--cluster-enabled yes`, ...). */
    readonly extra: string[],
  ) {}

  /** Starts a server on a free port with `extra` arguments, and waits until it answers. */
  static async start(extra: string[] = []): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), extra)
    await server.restart()
    return server
  }

  /** `redis://127.0.0.1:<port>`, for a client's `url`. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** Starts it (again, on the same port, empty) and waits until it answers. */
  async restart(): Promise<void> {
    this.#process = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
        ...this.extra,
      ],
      { stdio: 'ignore' },
    )
    // Never outlives the process that started it, whatever the tests did.
    const child = this.#process
    const cleanup = () => child.kill('SIGKILL')
    process.once('exit', cleanup)
    child.once('exit', () => process.off('exit', cleanup))
    for (let attempt = 0; ; attempt++) {
      try {
        const { stdout } = await this.cli('ping')
        if (stdout.trim() === 'PONG') return
      } catch (error) {
        if (attempt > 100) throw error
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  /** Runs `redis-cli` against this server with `args`; resolves its stdout and stderr. */
  cli(...args: string[]) {
    return run('redis-cli', ['-h', '127.0.0.1', '-p', String(this.port), ...args])
  }

  /** SIGSTOP: the server stops answering without closing connections (for timeout tests). */
  pause(): void {
    this.#process?.kill('SIGSTOP')
  }

  /** SIGKILL, and waits until it is gone. */
  async kill(): Promise<void> {
    const child = this.#process
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
    const gone = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await gone
    this.#process = undefined
  }

  /** Kills the server and removes its directory. */
  async stop(): Promise<void> {
    await this.kill()
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** Three `--cluster-enabled` nodes joined into one cluster, slots spread over them. */
export async function startCluster(): Promise<{
  /** The three nodes. */
  nodes: RedisServer[]
  /** Stops every node. */
  stop(): Promise<void>
}> {
  const nodes = await Promise.all(
    [0, 1, 2].map(() =>
      RedisServer.start([
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        'nodes.conf',
        '--cluster-node-timeout',
        '5000',
      ]),
    ),
  )
  await run('redis-cli', [
    '--cluster',
    'create',
    ...nodes.map((node) => `127.0.0.1:${node.port}`),
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ])
  // Every node must agree before clients route by slot.
  for (let attempt = 0; ; attempt++) {
    const states = await Promise.all(nodes.map((node) => node.cli('cluster', 'info')))
    if (states.every(({ stdout }) => stdout.includes('cluster_state:ok'))) break
    if (attempt > 200) throw new Error('the cluster did not come up')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { nodes, stop: async () => void (await Promise.all(nodes.map((node) => node.stop()))) }
}
