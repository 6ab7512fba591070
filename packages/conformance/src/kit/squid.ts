import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '@latchkey/core/testing/node'
import { startServer } from './child-process.js'

/** Where Debian's `squid` and `apache2-utils` packages put the proxy, its Basic helper and `htpasswd`. */
export const SQUID_BINARY = '/usr/sbin/squid'
const BASIC_HELPER = '/usr/lib/squid/basic_ncsa_auth'
const HTPASSWD = '/usr/bin/htpasswd'

/** A real squid asking for Basic proxy credentials, from {@link startSquid}. */
export interface Squid {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** squid's access log so far: one line per request or CONNECT, with its status (`TCP_DENIED/407`). */
  accessLog(): Promise<string>
  /** Stops squid and removes its directory. */
  stop(): Promise<void>
}

/** Whether squid with its Basic helper, and `htpasswd`, are installed here. */
export function squidAvailable(): boolean {
  return [SQUID_BINARY, BASIC_HELPER, HTPASSWD].every((path) => existsSync(path))
}

/**
 * Starts Debian's squid on a free loopback port, from a config generated in a temporary
 * directory of its own (pid file, logs, no cache): Basic proxy authentication against an
 * htpasswd file written with `htpasswd`, every request and CONNECT (any port) to loopback
 * only, nothing cached.
 */
export async function startSquid(users: Readonly<Record<string, string>>): Promise<Squid> {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-squid-'))
  // Started as root, squid drops to `nobody`, which must still write its logs here.
  await chmod(dir, 0o777)
  const passwords = join(dir, 'passwd')
  for (const [user, password] of Object.entries(users)) {
    await htpasswd(passwords, user, password)
  }
  await chmod(passwords, 0o644)
  const port = await freePort()
  const conf = [
    `http_port 127.0.0.1:${port}`,
    `pid_filename ${join(dir, 'squid.pid')}`,
    `cache_log ${join(dir, 'cache.log')}`,
    `access_log stdio:${join(dir, 'access.log')}`,
    'cache_store_log none',
    'netdb_filename none',
    `coredump_dir ${dir}`,
    'cache deny all',
    'cache_mem 8 MB',
    'shutdown_lifetime 0 seconds',
    // Ignored unless started as root.
    'cache_effective_user nobody',
    `auth_param basic program ${BASIC_HELPER} ${passwords}`,
    'auth_param basic realm squid@latchkey',
    'auth_param basic children 2',
    'acl authenticated proxy_auth REQUIRED',
    'acl loopback dst 127.0.0.0/8',
    'http_access deny !loopback',
    'http_access allow authenticated',
    'http_access deny all',
  ]
  const file = join(dir, 'squid.conf')
  await writeFile(file, `${conf.join('\n')}\n`)
  const accessLog = () => readFile(join(dir, 'access.log'), 'utf8').catch(() => '')
  const { stop } = await startServer('squid', [SQUID_BINARY, '-N', '-f', file], {
    dir,
    port,
    log: () => readFile(join(dir, 'cache.log'), 'utf8').catch(() => ''),
  })
  return { url: `http://127.0.0.1:${port}`, accessLog, stop }
}

/** Adds `user` to the htpasswd file (created on first use), the password on stdin. */
function htpasswd(file: string, user: string, password: string): Promise<void> {
  const create = existsSync(file) ? [] : ['-c']
  return new Promise((resolve, reject) => {
    const child = execFile(HTPASSWD, [...create, '-i', file, user], (error) =>
      error ? reject(error) : resolve(),
    )
    child.stdin?.end(password)
  })
}
