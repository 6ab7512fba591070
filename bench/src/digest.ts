import { withAuth as axiosAuth } from '@latchkey/axios'
import { apacheAvailable, startApacheDigest } from '@latchkey/conformance/kit'
import { digest as digestStrategy, parseChallengeList } from '@latchkey/core'
import { withAuth as fetchAuth } from '@latchkey/fetch'
import { withAuth as gotAuth } from '@latchkey/got'
import { withAuth as kyAuth } from '@latchkey/ky'
import axios from 'axios'
import DigestClient from 'digest-fetch'
import got from 'got'
import ky from 'ky'
import { median, startServer, table } from './measure.js'

const username = 'bench'
const password = 'bench-pässword'

/** Sends one GET and resolves with its status, the response body read. */
type Send = (url: string) => Promise<number>

/** A fresh client each round, so every round starts cold: one challenge, then its nonce. */
const variants: { name: string; create: () => Send }[] = [
  {
    name: 'latchkey fetch',
    create: () => {
      const api = fetchAuth(fetch, digestStrategy({ username, password }))
      return async (url) => {
        const response = await api(url)
        await response.text()
        return response.status
      }
    },
  },
  {
    name: 'latchkey ky',
    create: () => {
      const api = kyAuth(
        ky.create({ retry: 0, timeout: false, throwHttpErrors: false }),
        digestStrategy({ username, password }),
      )
      return async (url) => {
        const response = await api.get(url)
        await response.text()
        return response.status
      }
    },
  },
  {
    name: 'latchkey axios',
    create: () => {
      const api = axiosAuth(
        axios.create({ validateStatus: null }),
        digestStrategy({ username, password }),
      )
      return async (url) => (await api.get(url)).status
    },
  },
  {
    name: 'latchkey got',
    create: () => {
      const api = gotAuth(
        got.extend({ retry: { limit: 0 }, throwHttpErrors: false }),
        digestStrategy({ username, password }),
      )
      return async (url) => (await api.get(url)).statusCode
    },
  },
  {
    name: 'digest-fetch 3.1.1',
    create: () => {
      // digest-fetch takes the algorithm from its options, not from the challenge.
      const client = new DigestClient(username, password, { algorithm: 'SHA-256' })
      return async (url) => {
        const response: Response = await client.fetch(url)
        await response.text()
        return response.status
      }
    },
  },
]

interface Counts {
  readonly received: number
  readonly accepted: number
  /** Answers with credentials the server rejected. */
  readonly refused: number
}

interface Stats {
  readonly digest: Counts
  readonly strict: Counts
}

/**
 * `count` sequential GETs through each client against a Digest server (SHA-256,
 * qop=auth, nonces reused) in its own process. Round trips per request come from the
 * server's count of requests received; rounds alternate between clients, medians shown.
 */
export async function digestBench(options: { requests: number; rounds: number }): Promise<string> {
  const server = await startServer('digest-server.js')
  const stats = async (): Promise<Stats> =>
    (await fetch(`${server.origin}/stats`).then((response) => response.json())) as Stats
  const results = new Map<string, { rates: number[]; trips: number[]; cpu: number[] }>()
  const concurrent: string[][] = []
  const baseline: number[] = []
  try {
    for (const variant of variants) await run(variant.create(), 50, '/digest/warm') // warm-up
    for (let round = 0; round < options.rounds; round++) {
      const plain = await timed(plainSend, options.requests, '/plain')
      baseline.push(plain.rate)
      for (const variant of variants) {
        const before = (await stats()).digest
        const sample = await timed(variant.create(), options.requests, '/digest/item')
        const after = (await stats()).digest
        if (after.accepted - before.accepted !== options.requests) {
          throw new Error(
            `${variant.name}: the server accepted ${after.accepted - before.accepted} of ${options.requests}`,
          )
        }
        const entry = results.get(variant.name) ?? { rates: [], trips: [], cpu: [] }
        entry.rates.push(sample.rate)
        entry.cpu.push(sample.cpu)
        entry.trips.push((after.received - before.received) / options.requests)
        results.set(variant.name, entry)
      }
    }
    const strict: Target = {
      url: (query) => `${server.origin}/strict/item?${query}`,
      counts: async () => (await stats()).strict,
    }
    for (const variant of variants) {
      concurrent.push(await concurrentRun(variant, strict, options.rounds))
    }
  } finally {
    server.stop()
  }

  async function run(send: Send, count: number, path: string): Promise<void> {
    for (let n = 0; n < count; n++) {
      const status = await send(`${server.origin}${path}?n=${n}`)
      if (status !== 200) throw new Error(`status ${status} on ${path}`)
    }
  }

  async function timed(send: Send, count: number, path: string) {
    const cpu = process.cpuUsage()
    const start = performance.now()
    await run(send, count, path)
    const elapsed = performance.now() - start
    const used = process.cpuUsage(cpu)
    return { rate: (count * 1000) / elapsed, cpu: (used.user + used.system) / count }
  }

  const rows = [...results].map(([name, { rates, trips, cpu }]) => [
    name,
    median(trips).toFixed(3),
    median(rates).toFixed(0),
    median(cpu).toFixed(0),
  ])
  rows.push(['(plain fetch, no auth)', '1.000', median(baseline).toFixed(0), ''])
  const title = `digest: ${options.requests} sequential GETs per client, SHA-256 qop=auth, server in its own process verifying every answer; median of ${options.rounds} alternating rounds, each starting cold`
  const strictTitle = `digest, strict nc server (the kit's Apache mode: nc strictly increasing as received; requests held 0-5 ms at random, arriving in any order): ${options.rounds} rounds per client, each one warm-up request then bursts of ${BURSTS.join(', ')} concurrent GETs`
  return [
    `${title}\n${table(['client', 'round trips/request', 'req/s', 'client cpu µs/req'], rows)}`,
    `${strictTitle}\n${table(['client', 'requests', 'failed', 'refused by the server', 'round trips/request'], concurrent)}`,
    await apacheBench(options.rounds),
    parserBench(),
  ].join('\n\n')
}

/** Where the concurrent run sends its requests, and what the server there counted. */
interface Target {
  url(query: string): string
  counts(): Promise<{ readonly received: number; readonly refused: number }>
}

/** The concurrent run against a real Apache httpd (`AuthDigestNcCheck On`), when installed. */
async function apacheBench(rounds: number): Promise<string> {
  if (!apacheAvailable()) return 'digest against Apache httpd: skipped, apache2 is not installed'
  const apache = await startApacheDigest({ [username]: password })
  const target: Target = {
    url: (query) => `${apache.origin}/ok.txt?${query}`,
    counts: async () => ({
      received: (await apache.accessLog()).split('\n').filter(Boolean).length,
      refused: (await apache.errorLog())
        .split('\n')
        .filter((line) => /auth_digest:error/.test(line)).length,
    }),
  }
  const rows: string[][] = []
  try {
    // digest-fetch answers SHA-256 only, which Apache does not offer.
    for (const variant of variants.filter(({ name }) => name.startsWith('latchkey'))) {
      rows.push(await concurrentRun(variant, target, rounds))
    }
  } finally {
    await apache.stop()
  }
  const title = `digest against a real Apache httpd (mod_auth_digest MD5, AuthDigestNcCheck On): ${rounds} rounds per client, each one warm-up request then bursts of ${BURSTS.join(', ')} concurrent GETs`
  return `${title}\n${table(['client', 'requests', 'failed', 'refused by the server', 'round trips/request'], rows)}`
}

/** Burst sizes of the concurrent run, one after the other on the same client. */
const BURSTS = [5, 20, 5]

/**
 * Concurrent bursts through one client against the strict server: requests that did not
 * end in 200, answers the server refused (each a round trip lost), round trips per request.
 */
async function concurrentRun(
  variant: { name: string; create: () => Send },
  target: Target,
  rounds: number,
): Promise<string[]> {
  const before = await target.counts()
  let requests = 0
  let failed = 0
  for (let round = 0; round < rounds; round++) {
    const send = variant.create()
    const warm = await send(target.url(`round=${round}&warm`)).catch(() => 0)
    requests++
    if (warm !== 200) failed++
    for (const [burst, size] of BURSTS.entries()) {
      const statuses = await Promise.all(
        Array.from({ length: size }, (_, n) =>
          send(target.url(`round=${round}&burst=${burst}&n=${n}`)).catch(() => 0),
        ),
      )
      requests += size
      failed += statuses.filter((status) => status !== 200).length
    }
  }
  const after = await target.counts()
  return [
    variant.name,
    String(requests),
    String(failed),
    String(after.refused - before.refused),
    ((after.received - before.received) / requests).toFixed(3),
  ]
}

const plainSend: Send = async (url) => {
  const response = await fetch(url)
  await response.text()
  return response.status
}

/** Headers servers actually send. */
const normalHeaders: Record<string, string> = {
  'Digest (RFC 7616 example)':
    'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
  'three challenges': `Digest realm="api", qop="auth", algorithm=SHA-512-256, nonce="abc", Digest realm="api", qop="auth", algorithm=SHA-256, nonce="abc", Basic realm="api", charset="UTF-8"`,
  'Bearer error':
    'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
}

/** Inputs built to hurt a backtracking parser. */
const pathological: Record<string, (size: number) => string> = {
  'commas ",,,"': (size) => ','.repeat(size),
  'unterminated a="\\"\\"...': (size) => `Basic a="${'\\"'.repeat(size / 2)}`,
  'one long token': (size) => 'a'.repeat(size),
  'Basic a=b, a=b, ... (duplicates)': (size) => `Basic ${'a=b, '.repeat(size / 5)}`,
  'x=y x=y ... (errors everywhere)': (size) => 'x=y '.repeat(size / 4),
  'token68 "a= a= a= ..."': (size) => `Negotiate ${'a= '.repeat(size / 3)}`,
}

/** Time per call of `parse(input)`, best of several batches of at least 20 ms. */
function timePerCall(input: string): number {
  let best = Number.POSITIVE_INFINITY
  for (let batch = 0; batch < 5; batch++) {
    let calls = 0
    const start = performance.now()
    let elapsed = 0
    while (elapsed < 20) {
      parseChallengeList(input)
      calls++
      elapsed = performance.now() - start
    }
    best = Math.min(best, elapsed / calls)
  }
  return best
}

function parserBench(): string {
  // Warm the JIT first, so the first row measured is not the one that paid for compiling.
  for (const header of Object.values(normalHeaders)) {
    for (let n = 0; n < 20_000; n++) parseChallengeList(header)
  }
  const normal = Object.entries(normalHeaders).map(([name, header]) => {
    const ms = timePerCall(header)
    return [
      name,
      String(header.length),
      (1000 / ms).toFixed(0),
      ((header.length / 1e6) * (1000 / ms)).toFixed(1),
    ]
  })
  const sizes = [1_000, 10_000, 100_000, 1_000_000]
  const heavy = Object.entries(pathological).map(([name, make]) => [
    name,
    ...sizes.map((size) => {
      const input = make(size)
      return `${((timePerCall(input) * 1000) / (input.length / 1000)).toFixed(2)}`
    }),
  ])
  return [
    'parseChallengeList on normal headers',
    table(['header', 'bytes', 'parses/s', 'MB/s'], normal),
    '',
    'parseChallengeList on pathological headers: µs per KB of input (flat across sizes = linear)',
    table(['input', '1 KB', '10 KB', '100 KB', '1 MB'], heavy),
  ].join('\n')
}
