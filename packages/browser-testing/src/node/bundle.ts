import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'

const page = (path: string) => fileURLToPath(new URL(`../page/${path}`, import.meta.url))

/** Node-only modules the scenarios import, and what stands in for them in the page. */
const shims: Record<string, string> = {
  vitest: page('vitest-shim.ts'),
  'node:crypto': page('shims/node-crypto.ts'),
  'node:util': page('shims/node-util.ts'),
  'node:fs/promises': page('shims/node-only.ts'),
  'node:fs': page('shims/node-only.ts'),
  'node:child_process': page('shims/node-only.ts'),
  'node:os': page('shims/node-only.ts'),
  'node:path': page('shims/node-only.ts'),
  'node:http': page('shims/node-only.ts'),
  'node:https': page('shims/node-only.ts'),
  'node:net': page('shims/node-only.ts'),
  '@latchkey/core/node': page('shims/node-only.ts'),
  undici: page('shims/node-only.ts'),
}

const shimmed: Plugin = {
  name: 'latchkey-page-shims',
  setup(context) {
    context.onResolve({ filter: /^(vitest|node:.*|@latchkey\/core\/node|undici)$/ }, ({ path }) => {
      const shim = shims[path]
      if (shim === undefined) throw new Error(`the page bundle cannot use ${path}`)
      return { path: shim }
    })
  },
}

/**
 * Bundles a page entry (`src/page/<entry>.ts`) for Chromium as a browser would get it:
 * platform `browser`, so the adapters' `#tls` imports pick their web code, and the
 * workspace packages from source.
 */
export async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [page(entry)],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    conditions: ['@latchkey/source'],
    inject: [page('shims/globals.ts')],
    plugins: [shimmed],
    sourcemap: 'inline',
    logLevel: 'silent',
  })
  const [output] = result.outputFiles
  if (output === undefined) throw new Error(`esbuild produced nothing for ${entry}`)
  return output.text
}
