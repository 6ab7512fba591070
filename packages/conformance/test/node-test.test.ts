import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)

/**
 * The suite under `node --test`, as an author on Node.js's runner runs it: the entry is
 * bundled from source (Node.js 20 cannot run TypeScript), then run by the same Node.js.
 */
describe('the conformance suite on node:test', () => {
  let directory = ''
  let bundle = ''
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'latchkey-node-test-'))
    bundle = join(directory, 'groups.node-test.mjs')
    await build({
      entryPoints: [join(import.meta.dirname, 'node/groups.node-test.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'esm',
      conditions: ['@latchkey/source'],
      // CommonJS dependencies (node-forge) require Node.js built-ins.
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'silent',
    })
  }, 60_000)
  afterAll(() => rm(directory, { recursive: true, force: true }))

  it('runs the scope, redirect-method and userinfo groups: every test passes, none is skipped or lost', async () => {
    const result = await run(process.execPath, ['--test', '--test-reporter=tap', bundle], {
      cwd: directory,
    }).catch((error: { stdout?: string; code?: number }) => error)
    const tap = String(result.stdout)
    const count = (name: string) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1])
    expect(count('fail'), tap).toBe(0)
    expect(count('pass'), tap).toBeGreaterThanOrEqual(8)
    expect(count('tests')).toBe(count('pass'))
    expect(tap).toContain('# Subtest: minimal fetch conformance')
    expect(tap).toContain('# Subtest: origin scope')
  }, 60_000)
})
