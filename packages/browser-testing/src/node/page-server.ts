import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A page's files: path to content. */
export type PageFiles = Readonly<Record<string, { readonly type: string; readonly body: string }>>

export interface PageServer {
  /** `http://127.0.0.1:<port>`: an origin of its own, so every kit origin is cross-origin. */
  readonly origin: string
  close(): Promise<void>
}

/** Serves a few in-memory files on a loopback port; anything else is a 404. */
export async function servePage(files: PageFiles): Promise<PageServer> {
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://page').pathname]
    if (file === undefined) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' })
    response.end(file.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** An HTML page that loads one module script. */
export function htmlLoading(script: string): string {
  return `<!doctype html><meta charset="utf-8"><title>latchkey</title><script type="module" src="${script}"></script>`
}
