/**
 * Stands in for Node-only modules (node:fs, node:os, node:path, @latchkey/core/node) in
 * the page bundle: only the client-certificate scenarios use them, and a page skips those.
 */
const unavailable = (name: string) => () => {
  throw new Error(`${name} is not available in a browser`)
}

export const mkdtemp = unavailable('mkdtemp')
export const rename = unavailable('rename')
export const rm = unavailable('rm')
export const writeFile = unavailable('writeFile')
export const tmpdir = unavailable('tmpdir')
export const join = unavailable('join')
export const mtlsTransport = unavailable('mtlsTransport')
export const chmod = unavailable('chmod')
export const readFile = unavailable('readFile')
/** node:fs and node:child_process: a page has no local programs (Apache runs for Node.js only). */
export const existsSync = () => false
export const spawn = unavailable('spawn')
/** node:http, node:https and node:net: the kit's servers run in Node.js, never in the page. */
export const createServer = unavailable('createServer')
export const connect = unavailable('connect')
export const request = unavailable('request')
/** node:child_process again, for squid's `htpasswd`; @latchkey/core/node's proxy tunnels (a page has no proxies). */
export const execFile = unavailable('execFile')
export const proxyAgents = unavailable('proxyAgents')
export const proxyConnector = unavailable('proxyConnector')
