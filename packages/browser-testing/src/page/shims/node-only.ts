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
/** node:http, node:https and node:net: the kit's servers run in Node.js, never in the page. */
export const createServer = unavailable('createServer')
