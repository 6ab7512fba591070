// What a user gets from npm: every public package packed with `pnpm pack`, installed with npm
// into a fresh project outside the monorepo (clients from the registry, in the versions the
// adapters' peer ranges allow), then used from TypeScript (module nodenext, moduleResolution
// bundler, a CommonJS project, a browser project) and from plain JavaScript (ESM and
// require()) on every supported Node.js, against a loopback server. Run by `pnpm test`
// after the build: `node --test tooling/consumer/consumer.test.mjs`.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'

const run = promisify(execFile)
const root = resolve(import.meta.dirname, '../..')
const tsc = join(root, 'node_modules/typescript/bin/tsc')
const project = mkdtempSync(join(tmpdir(), 'latchkey-consumer-'))
const tarballs = join(project, 'tarballs')
const packages = readdirSync(join(root, 'packages'))
  .map((dir) => join(root, 'packages', dir))
  .filter((dir) => !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private)
/** Supported Node.js majors: the pinned binaries of tooling/node.sh. */
const majors = ['20', '22', '24']

const manifest = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
/** The range a published adapter asks for, so npm installs the newest client it supports. */
const peer = (name, client) =>
  `${client}@${manifest(join(root, 'packages', name)).peerDependencies[client]}`

let server
let url
const packed = new Map() // package name -> tarball path

before(async () => {
  cpSync(join(import.meta.dirname, 'project'), project, { recursive: true })
  await Promise.all(
    packages.map(async (dir) => {
      const { stdout } = await run('pnpm', ['pack', '--json', '--pack-destination', tarballs], {
        cwd: dir,
      })
      packed.set(manifest(dir).name, JSON.parse(stdout).filename)
    }),
  )
  const local = Object.fromEntries([...packed].map(([name, file]) => [name, `file:${file}`]))
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'latchkey-consumer',
      private: true,
      type: 'module',
      dependencies: local,
      // Never the registry for a @latchkey package, including as a dependency of another.
      overrides: Object.fromEntries([...packed.keys()].map((name) => [name, `$${name}`])),
    }),
  )
  const clients = [peer('ky', 'ky'), peer('axios', 'axios'), peer('got', 'got'), 'undici@6']
  // Node.js 20's types; and vitest (the peer of conformance and oidc-testing) in the version
  // the suites run on: npm would pick the newest, whose types want Node.js 22's.
  const { devDependencies } = manifest(root)
  const types = `@types/node@${devDependencies['@types/node']}`
  const vitest = `vitest@${devDependencies.vitest}`
  await run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      '--prefer-offline',
      ...clients,
      types,
      vitest,
    ],
    { cwd: project },
  )
  server = createServer((request, response) => {
    response.statusCode = request.url === '/echo' ? 200 : 404
    response.setHeader('content-type', 'application/json')
    response.end(JSON.stringify({ authorization: request.headers.authorization ?? null }))
  })
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening))
  url = `http://127.0.0.1:${server.address().port}`
})

after(() => {
  server?.close()
  rmSync(project, { recursive: true, force: true })
})

test('every tarball has its LICENSE, README and package.json, and ships the CHANGELOG', async () => {
  for (const [name, file] of packed) {
    const { stdout } = await run('tar', ['tzf', file])
    const files = stdout.split('\n')
    for (const expected of ['package/LICENSE', 'package/README.md', 'package/package.json']) {
      assert.ok(files.includes(expected), `${name} lacks ${expected}`)
    }
    const installed = manifest(join(project, 'node_modules', name))
    assert.ok(installed.files.includes('CHANGELOG.md'), `${name} does not ship its CHANGELOG`)
    assert.ok(installed.repository?.directory, `${name} has no repository directory`)
  }
})

/** Compiles a project; nodenext and CommonJS ones emit the programs run below. */
async function typecheck(config) {
  const result = await run(process.execPath, [tsc, '-p', config], { cwd: project }).catch(
    (error) => error,
  )
  assert.equal(result.code ?? 0, 0, `tsc -p ${config}:\n${result.stdout}`)
}

test('TypeScript, module nodenext, lib es2022 and Node.js types only', () =>
  typecheck('tsconfig.nodenext.json'))
test('TypeScript, moduleResolution bundler', () => typecheck('tsconfig.bundler.json'))
test('TypeScript, a CommonJS project', () => typecheck('cjs/tsconfig.json'))
test('TypeScript, a browser project: the DOM lib and no Node.js types', () =>
  typecheck('tsconfig.dom.json'))

for (const major of majors) {
  test(`on Node.js ${major}: ESM and CommonJS programs, in JavaScript and compiled TypeScript`, async () => {
    const { stdout } = await run('bash', [join(root, 'tooling/node.sh'), major])
    const node = stdout.trim()
    for (const program of ['js/app.mjs', 'js/app.cjs', 'dist/nodenext/app.js', 'cjs/dist/app.js']) {
      const result = await run(node, [program, url], { cwd: project })
      assert.equal(result.stdout.trim(), 'ok', `${program} on Node.js ${major}`)
    }
  })
}
