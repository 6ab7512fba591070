import { GCProfiler, getHeapStatistics } from 'node:v8'
import { type AuthStrategy, apiKey, basic, bearer, chain, oauth2, route } from '@latchkey/core'
import { Authenticator, type Transmitter } from '@latchkey/core/adapter'
import { median, table } from './measure.js'

const token = 'bench-token-0123456789'
const origin = 'https://api.example.com'

/** A transport that answers every hop at once with a 200: only Latchkey's own work is left. */
const answer = { status: 200, headers: new Headers() }
const transmitter: Transmitter<typeof answer> = {
  followRedirects: true,
  maxRedirects: 20,
  send: async () => answer,
  view: (response) => response,
  discard: () => {},
}

/** Token endpoint of the cached oauth2 row: answered once, then the token is cached. */
const tokenTransport = async () =>
  new Response(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }), {
    headers: { 'content-type': 'application/json' },
  })

function cases(): [string, () => AuthStrategy][] {
  const keys = (n: number) =>
    Array.from({ length: n }, (_, i) => apiKey({ header: `x-key-${i + 1}`, value: token }))
  const routes = (n: number) =>
    route(
      Object.fromEntries([
        ...Array.from({ length: n - 1 }, (_, i) => [`https://s-${i}.example`, bearer(token)]),
        [origin, bearer(token)],
      ]),
    )
  return [
    ['bearer', () => bearer(token)],
    ['apiKey', () => apiKey({ header: 'X-API-Key', value: token })],
    ['basic', () => basic({ username: 'bench', password: 'bench-password' })],
    [
      'cached oauth2',
      () =>
        oauth2.clientCredentials({
          tokenUrl: `${origin}/token`,
          clientId: 'bench',
          clientSecret: 'bench-secret',
        }),
    ],
    ...[1, 2, 4, 8].map((n): [string, () => AuthStrategy] => [
      `chain of ${n}`,
      () => chain(...keys(n)),
    ]),
    ...[1, 10, 100].map((n): [string, () => AuthStrategy] => [`route over ${n}`, () => routes(n)]),
  ]
}

/**
 * Core alone: one `Authenticator.send` per request through a transport that answers at
 * once, so the figure is Latchkey's own CPU and heap per request, no HTTP client in it.
 */
export async function overheadCore(options: { rounds: number; requests: number }): Promise<string> {
  const rows: string[][] = []
  for (const [name, strategy] of cases()) {
    const auth = new Authenticator(strategy(), { transport: tokenTransport })
    const request = () => ({
      method: 'GET',
      url: new URL(`${origin}/resource`),
      headers: new Headers({ accept: 'application/json' }),
      body: null,
    })
    const once = () => auth.send(request(), transmitter)
    for (let i = 0; i < 2000; i++) await once()
    const cpu: number[] = []
    const bytes: number[] = []
    for (let round = 0; round < options.rounds; round++) {
      const profiler = new GCProfiler()
      const heap = getHeapStatistics().used_heap_size
      profiler.start()
      const started = process.cpuUsage()
      for (let i = 0; i < options.requests; i++) await once()
      const used = process.cpuUsage(started)
      const after = getHeapStatistics().used_heap_size
      let freed = 0
      for (const gc of profiler.stop()?.statistics ?? []) {
        freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize
      }
      cpu.push((used.user + used.system) / options.requests)
      bytes.push((after - heap + freed) / options.requests)
    }
    rows.push([name, median(cpu).toFixed(2), (median(bytes) / 1024).toFixed(2)])
  }
  const title = `overhead-core: Latchkey alone, Authenticator.send through a transport that answers at once (request building included), median of ${options.rounds} rounds of ${options.requests}`
  return `${title}\n${table(['strategy', 'cpu µs/req', 'heap KiB/req'], rows)}`
}
