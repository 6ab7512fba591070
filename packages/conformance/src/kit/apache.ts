import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '@latchkey/core/testing/node'
import { startServer } from './child-process.js'

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
  const errorLog = () => readFile(join(dir, 'error.log'), 'utf8').catch(() => '')
  const accessLog = () => readFile(join(dir, 'access.log'), 'utf8').catch(() => '')
  const { stop } = await startServer(
    'apache2',
    [APACHE_BINARY, '-f', join(dir, 'httpd.conf'), '-DFOREGROUND'],
    { dir, port, log: errorLog },
  )
  return { origin: `http://127.0.0.1:${port}`, realm, errorLog, accessLog, stop }
}
