import { bearer } from '@latchkey/core'
import { withAuth } from '@latchkey/fetch'
import { oidc } from '@latchkey/oidc'
import { startOidcProvider } from '@latchkey/oidc-testing/kit'
import { median, type Sample, sample, startServer, table } from './measure.js'

/**
 * What a DPoP proof per request costs: fetch with `bearer(token)`, with
 * `oidc.clientCredentials` (a cached Bearer token from the engine), and with the same
 * strategy and `dpop: true` (an ES256 proof signed for every request). Tokens come from
 * the embedded OpenID provider once, at warm-up; the API is the benchmark's own server
 * in another process, so only the client's work is measured.
 */
export async function dpop(options: {
  rounds: number
  requests: number
  concurrency: number
}): Promise<string> {
  const [server, provider] = await Promise.all([startServer(), startOidcProvider()])
  const url = `${server.origin}/resource`
  const { issuer, clients } = provider
  const variants = [
    { name: 'bearer(token)', send: withAuth(fetch, bearer('bench-token-0123456789')) },
    {
      name: 'oidc (Bearer)',
      send: withAuth(fetch, oidc.clientCredentials({ issuer, ...clients.basic })),
    },
    {
      name: 'oidc (DPoP)',
      send: withAuth(fetch, oidc.clientCredentials({ issuer, ...clients.basic, dpop: true })),
    },
  ]
  const runs: Sample[][] = variants.map(() => [])
  try {
    for (const { send } of variants)
      await sample(() => send(url).then((r) => r.text()), 500, options.concurrency)
    for (let round = 0; round < options.rounds; round++) {
      for (const [index, { send }] of variants.entries()) {
        runs[index]?.push(
          await sample(
            () => send(url).then((r) => r.text()),
            options.requests,
            options.concurrency,
          ),
        )
      }
    }
  } finally {
    server.stop()
    await provider.close()
  }
  const figures = runs.map((samples) => ({
    rate: median(samples.map((s) => s.perSecond)),
    cpu: median(samples.map((s) => s.cpuMicros)),
  }))
  const base = figures[0] as { rate: number; cpu: number }
  const rows = variants.map(({ name }, index) => {
    const { rate, cpu } = figures[index] as { rate: number; cpu: number }
    return [
      name,
      rate.toFixed(0),
      `${((rate / base.rate) * 100).toFixed(1)}%`,
      cpu.toFixed(0),
      `${cpu - base.cpu >= 0 ? '+' : ''}${(cpu - base.cpu).toFixed(1)}`,
    ]
  })
  const title = `dpop: fetch, ${options.concurrency} concurrent, loopback keep-alive, median of ${options.rounds} alternating rounds of ${options.requests} requests`
  const header = ['strategy', 'req/s', 'vs bearer', 'cpu µs/req', 'added cpu µs']
  return `${title}\n${table(header, rows)}`
}
