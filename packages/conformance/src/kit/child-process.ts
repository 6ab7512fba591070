import { type ChildProcess, spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { connect } from 'node:net'

/** Resolves once the port accepts connections; rejects if the server exits first or after 20 s. */
async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('the port never opened')
}

/** SIGTERM (a graceful stop for Apache and squid), then waits for the exit. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** A server started by {@link startServer}. */
export interface StartedServer {
  /** Stops the server and removes its directory. */
  stop(): Promise<void>
}

/**
 * Spawns a server (Apache, squid) that keeps everything in `dir` and waits until it
 * listens on `port`; if it does not, stops it and throws with its stderr and `log()`.
 */
export async function startServer(
  name: string,
  command: readonly [string, ...string[]],
  { dir, port, log }: { dir: string; port: number; log: () => Promise<string> },
): Promise<StartedServer> {
  const [binary, ...args] = command
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const stop = async () => {
    await stopChild(child)
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await waitForPort(port, child)
  } catch (error) {
    const logged = await log()
    await stop()
    throw new Error(`${name} did not start: ${(error as Error).message}\n${stderr}\n${logged}`)
  }
  return { stop }
}
