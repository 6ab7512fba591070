import { type AuthStrategy, bearer, oauth2 } from '@latchkey/core'
import { Authenticator, SecretSet } from '@latchkey/core/adapter'
import { createAuthRequest } from '@latchkey/core/strategy'
import { median, percentile, table } from './measure.js'

/**
 * What Latchkey's instrumentation costs while nobody listens. Every call site checks
 * `hasSubscribers` before it builds anything, so an unobserved request pays for the checks
 * alone: one `observeExchange` per request and one `observeTokenCache` per token lookup
 * (the hop and settle calls are `observer?.` on `undefined`). Those two guards are timed
 * here in a tight loop and set beside a whole exchange driven through core with no HTTP
 * (the smallest thing a request costs) and that exchange's own spread between rounds:
 * a cost far below the spread cannot be measured end to end, where a request costs
 * 10 to 100 times more CPU than this exchange.
 *
 * The guards are internal, so they are imported from core's build by path: a benchmark
 * may look inside; users cannot.
 */
interface Guards {
  observeExchange(strategy: AuthStrategy, secrets: SecretSet): unknown
  observeTokenCache(engine: { strategy: string; store: object }, reason: null): void
}

async function guards(): Promise<Guards> {
  const core = new URL('../node_modules/@latchkey/core/dist/observe/', import.meta.url)
  const [exchange, token] = await Promise.all([
    import(new URL('exchange-observer.js', core).href),
    import(new URL('token-observer.js', core).href),
  ])
  return { observeExchange: exchange.observeExchange, observeTokenCache: token.observeTokenCache }
}

/** A token endpoint answered in memory: the bench measures the cached path, not the network. */
const tokenEndpoint = async () =>
  Response.json({ access_token: 'bench-access-token', token_type: 'Bearer', expires_in: 3600 })

/** CPU µs of `run` per iteration, over `count` iterations, one after another. */
async function cpuPer(count: number, run: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage()
  for (let i = 0; i < count; i++) await run()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / count
}

/** The same for synchronous `run`: no await between iterations to hide its cost behind. */
function cpuPerSync(count: number, run: () => void): number {
  const start = process.cpuUsage()
  for (let i = 0; i < count; i++) run()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / count
}

export async function observeIdle(options: { rounds: number; requests: number }): Promise<string> {
  const { observeExchange, observeTokenCache } = await guards()
  const secrets = new SecretSet()
  const engine = { strategy: 'oauth2.clientCredentials', store: new Map() }
  const strategies: Record<string, AuthStrategy> = {
    bearer: bearer('bench-static-token'),
    'cached oauth2': oauth2.clientCredentials({
      tokenUrl: 'https://auth.bench.example/token',
      clientId: 'bench',
      clientSecret: 'bench-secret',
    }),
  }
  const rows: string[][] = []
  for (const [name, strategy] of Object.entries(strategies)) {
    const authenticator = new Authenticator(strategy, { transport: tokenEndpoint })
    const ok = { status: 200, headers: new Headers() }
    const request = () => createAuthRequest({ url: 'https://api.bench.example/resource' })
    const exchange = async () => {
      const open = authenticator.exchange()
      await open.prepare(request())
      await open.receive(ok)
    }
    const checks = name === 'bearer' ? 1 : 2
    const guard = () => {
      observeExchange(strategy, secrets)
      if (checks === 2) observeTokenCache(engine, null)
    }
    await cpuPer(options.requests, exchange) // warm-up: the token is cached from here on
    const exchanges: number[] = []
    const guardNs: number[] = []
    for (let round = 0; round < options.rounds; round++) {
      exchanges.push(await cpuPer(options.requests, exchange))
      guardNs.push(cpuPerSync(options.requests * 100, guard) * 1000)
    }
    const perExchange = median(exchanges)
    const spread = percentile(exchanges, 90) - percentile(exchanges, 10)
    const idle = median(guardNs) / 1000
    rows.push([
      name,
      String(checks),
      (idle * 1000).toFixed(0),
      perExchange.toFixed(2),
      spread.toFixed(2),
      `${((idle / perExchange) * 100).toFixed(2)}%`,
      `${((idle / spread) * 100).toFixed(1)}%`,
    ])
  }
  const title = `observe-idle: nobody subscribed, median of ${options.rounds} rounds of ${options.requests} exchanges (core alone, no HTTP)`
  return `${title}\n${table(
    [
      'strategy',
      'guards/request',
      'guards ns/request',
      'exchange cpu µs/req',
      'exchange spread p10-p90 µs',
      'guards / exchange',
      'guards / spread',
    ],
    rows,
  )}`
}
