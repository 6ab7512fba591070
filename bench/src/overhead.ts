import { median, type Sample, sample, startServer, table } from './measure.js'
import { clients, type Send, sender, type Variant } from './overhead-variants.js'

const variants: readonly Variant[] = ['bare', 'byHand', 'latchkey', 'cachedToken']

/**
 * Requests per second and client CPU per request, over loopback keep-alive with the
 * server in its own process. Per client, the three variants run in short rounds in a
 * shuffled order, many times over, so the drift of a shared machine (other tenants, GC
 * debt, frequency changes) lands on all of them alike; medians of the rounds are compared.
 */
export async function overhead(options: {
  rounds: number
  requests: number
  concurrency: number
}): Promise<string> {
  const server = await startServer()
  const url = `${server.origin}/resource`
  const rows: string[][] = []
  try {
    for (const client of clients) {
      const sends = new Map<Variant, Send>(
        variants.map((variant) => [variant, sender(client, variant, server.origin)]),
      )
      for (const send of sends.values()) await sample(() => send(url), 3000, options.concurrency) // warm-up
      const runs = new Map<Variant, Sample[]>(variants.map((variant) => [variant, []]))
      for (let round = 0; round < options.rounds; round++) {
        for (const variant of shuffled(variants)) {
          const send = sends.get(variant) as Send
          runs
            .get(variant)
            ?.push(await sample(() => send(url), options.requests, options.concurrency))
        }
      }
      const figure = (variant: Variant) => {
        const samples = runs.get(variant) ?? []
        return {
          rate: median(samples.map((s) => s.perSecond)),
          cpu: median(samples.map((s) => s.cpuMicros)),
        }
      }
      const [bare, hand, latch, cached] = variants.map(figure) as [
        ReturnType<typeof figure>,
        ReturnType<typeof figure>,
        ReturnType<typeof figure>,
        ReturnType<typeof figure>,
      ]
      const added = latch.cpu - hand.cpu
      rows.push([
        client,
        bare.rate.toFixed(0),
        hand.rate.toFixed(0),
        latch.rate.toFixed(0),
        `${((latch.rate / hand.rate) * 100).toFixed(1)}%`,
        cached.rate.toFixed(0),
        `${((cached.rate / hand.rate) * 100).toFixed(1)}%`,
        hand.cpu.toFixed(0),
        latch.cpu.toFixed(0),
        `${added >= 0 ? '+' : ''}${added.toFixed(1)}`,
      ])
    }
  } finally {
    server.stop()
  }
  const title = `overhead: bearer token, ${options.concurrency} concurrent, loopback keep-alive, median of ${options.rounds} shuffled rounds of ${options.requests} requests per variant`
  const header = [
    'client',
    'bare req/s',
    'by hand req/s',
    'bearer() req/s',
    'latchkey/by hand',
    'cached oauth2 req/s',
    'cached/by hand',
    'by hand cpu µs/req',
    'latchkey cpu µs/req',
    'added cpu µs',
  ]
  return `${title}\n${table(header, rows)}`
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
  }
  return copy
}
