import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '@latchkey/core/testing/node'

/** Where Debian's `apache2` package puts the server and its modules. */
export const APACHE_BINARY = '/usr/sbin/apache2'
const MODULES = '/usr/lib/apache2/modules'

/** A real Apache httpd with mod_auth_digest, from {@link startApacheDigest}. */
export interface ApacheDigest {
  /** `http://127.0.0.1:<port>`; every path under it is Digest-protected, `/ok.txt` answers 200. */
  readonly origin: string
  /** The Digest realm its users are in. */
  readonly realm: string
  /** The server's error log so far (mod_auth_digest says there why it refused). */
  errorLog(): Promise<string>
  /** The statuses of the requests received so far, one per line. */
  accessLog(): Promise<string>
  /** Stops httpd and removes its directory. */
  stop(): Promise<void>
}

/** Whether a real Apache httpd can be started here. */
export function apacheAvailable(): boolean {
  return existsSync(APACHE_BINARY) && existsSync(join(MODULES, 'mod_auth_digest.so'))
}

/**
 * Starts a real Apache httpd on a free loopback port, in a temporary ServerRoot of its own:
 * mod_auth_digest (MD5, qop=auth) with `AuthDigestNcCheck On`, the users in an htdigest
 * file written here (names as UTF-8 bytes, as `htdigest` writes them).
 */
export async function startApacheDigest(
  users: Readonly<Record<string, string>>,
): Promise<ApacheDigest> {
  const realm = 'apache@latchkey'
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-apache-'))
  // Apache's workers drop root and must still read the user file and the document.
  await chmod(dir, 0o755)
  const lines = Object.entries(users).map(
    ([user, password]) =>
      `${user}:${realm}:${createHash('md5').update(`${user}:${realm}:${password}`).digest('hex')}\n`,
  )
  await writeFile(join(dir, 'htdigest'), lines.join(''), { mode: 0o644 })
  await writeFile(join(dir, 'ok.txt'), 'ok\n', { mode: 0o644 })
  const port = await freePort()
  const modules = [
    'mpm_event',
    'authn_core',
    'authn_file',
    'authz_core',
    'authz_user',
    'auth_digest',
  ]
  const conf = [
    `ServerRoot "${dir}"`,
    `DefaultRuntimeDir "${dir}"`,
    `PidFile "${join(dir, 'httpd.pid')}"`,
    `ErrorLog "${join(dir, 'error.log')}"`,
    `CustomLog "${join(dir, 'access.log')}" "%>s"`,
    'LogLevel warn auth_digest:info',
    // Workers started as root drop to this user; ignored otherwise.
    'User nobody',
    'Group nogroup',
    `Listen 127.0.0.1:${port}`,
    'ServerName 127.0.0.1',
    ...modules.map((name) => `LoadModule ${name}_module ${MODULES}/mod_${name}.so`),
    `DocumentRoot "${dir}"`,
    `<Directory "${dir}">`,
    '  AuthType Digest',
    `  AuthName "${realm}"`,
    '  AuthDigestProvider file',
    `  AuthUserFile "${join(dir, 'htdigest')}"`,
    '  AuthDigestNcCheck On',
    '  Require valid-user',
    '</Directory>',
    // Room for many clients: each challenge to a request without credentials starts one.
    'AuthDigestShmemSize 1048576',
  ]
  await writeFile(join(dir, 'httpd.conf'), `${conf.join('\n')}\n`)
  const child = spawn(APACHE_BINARY, ['-f', join(dir, 'httpd.conf'), '-DFOREGROUND'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const errorLog = () => readFile(join(dir, 'error.log'), 'utf8').catch(() => '')
  const accessLog = () => readFile(join(dir, 'access.log'), 'utf8').catch(() => '')
  const stop = async () => {
    await stopChild(child)
    await rm(dir, { recursive: true, force: true })
  }
  try {
    await waitForPort(port, child)
  } catch (error) {
    const log = await errorLog()
    await stop()
    throw new Error(`apache2 did not start: ${(error as Error).message}\n${stderr}\n${log}`)
  }
  return { origin: `http://127.0.0.1:${port}`, realm, errorLog, accessLog, stop }
}

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

/** SIGTERM (Apache's graceful-stop of its children), then waits for the exit. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}
