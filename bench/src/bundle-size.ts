import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { table } from './measure.js'

/** The budget for the smallest useful browser bundle: core + fetch + bearer. */
const BEARER_BUDGET = 6 * 1024

/**
 * What a page pays, minified and gzipped, for what it imports; the HTTP clients themselves
 * (ky, axios) are the page's own and not counted. `absent` lists code each bundle must not
 * contain: tree-shaking leaves out every strategy the page does not use.
 */
const bundles: { name: string; code: string; absent: Record<string, string> }[] = [
  {
    name: 'core + fetch + bearer',
    code: `import { bearer } from '@latchkey/core'
import { withAuth } from '@latchkey/fetch'
export const api = withAuth(fetch, bearer(() => localStorage.token))`,
    absent: {
      digest: 'SHA-512-256',
      oauth2: 'client_credentials',
      'token engine': 'refresh_token',
      apiKey: 'apiKey',
    },
  },
  {
    name: 'core + fetch + oauth2',
    code: `import { oauth2 } from '@latchkey/core'
import { withAuth } from '@latchkey/fetch'
export const api = withAuth(fetch, oauth2.refreshToken({ tokenUrl: '/token', clientId: 'web', refreshToken: 'r' }))`,
    absent: { digest: 'SHA-512-256' },
  },
  {
    name: 'core + fetch + digest',
    code: `import { digest } from '@latchkey/core'
import { withAuth } from '@latchkey/fetch'
export const api = withAuth(fetch, digest({ username: 'u', password: 'p' }))`,
    absent: { oauth2: 'client_credentials' },
  },
  {
    name: 'everything (core, fetch, ky, axios)',
    code: `export * from '@latchkey/core'
export { withAuth as withFetch } from '@latchkey/fetch'
export { withAuth as withKy } from '@latchkey/ky'
export { withAuth as withAxios } from '@latchkey/axios'`,
    absent: {},
  },
]

export async function bundleSize(): Promise<string> {
  // Resolve the packages as a page's bundler would, from this package (their built dist).
  const resolveDir = fileURLToPath(new URL('..', import.meta.url))
  const rows: string[][] = []
  for (const { name, code, absent } of bundles) {
    const result = await build({
      stdin: { contents: code, resolveDir, loader: 'js' },
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      external: ['ky', 'axios'],
      logLevel: 'silent',
    })
    const text = result.outputFiles[0]?.text ?? ''
    const gzip = gzipSync(text, { level: 9 }).byteLength
    const found = Object.entries(absent)
      .filter(([, marker]) => text.includes(marker))
      .map(([what]) => what)
    const budget = name.endsWith('bearer')
      ? gzip <= BEARER_BUDGET
        ? ' (<= 6 KiB)'
        : ' OVER 6 KiB'
      : ''
    rows.push([
      name,
      kib(text.length),
      `${kib(gzip)}${budget}`,
      Object.keys(absent).length === 0 ? '-' : found.length === 0 ? 'none' : found.join(', '),
    ])
  }
  return `Bundle size (esbuild, minified, gzip -9; ky and axios not counted)\n${table(
    ['bundle', 'minified', 'gzip', 'code of unused strategies found'],
    rows,
  )}`
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`
}
