/**
 * Stands in for Node-only modules (node:fs, node:os, node:path, @latchkey/core/node, undici)
 * in the page bundle: only the kit's Node.js side and the client-certificate and proxy
 * scenarios use them, and a page skips those.
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
/** node:child_process again, for squid's `htpasswd`. */
export const execFile = unavailable('execFile')
/** @latchkey/core/node's proxy tunnels and undici's dispatchers: a page has no proxies. */
export const proxyAgents = unavailable('proxyAgents')
export const proxyConnector = unavailable('proxyConnector')
export class Agent {
  constructor() {
    throw new Error('undici is not available in a browser')
  }
}
export class ProxyAgent extends Agent {}
