import { auditTrail } from '@latchkey/core'
import { instrumentLatchkey } from '@latchkey/otel'
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace'
import { median, type Sample, sample, startServer, table } from './measure.js'
import { clients, sender } from './overhead-variants.js'

type Mode = 'unobserved' | 'otel' | 'audit'
const modes: readonly Mode[] = ['unobserved', 'otel', 'audit']

/** A reader that never exports: the instruments still record, as in production. */
class QuietReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/**
 * What observing costs per request, with a cached oauth2 token (the token engine and the
 * exchange both publish): nobody listening; `@latchkey/otel` with a real SDK (spans to an
 * in-memory exporter, metrics recorded); the audit trail writing JSON lines nowhere.
 * Modes alternate in shuffled rounds, so drift lands on all alike; medians are compared.
 */
export async function overheadObserved(options: {
  rounds: number
  requests: number
  concurrency: number
}): Promise<string> {
  const server = await startServer()
  const url = `${server.origin}/resource`
  const spans = new InMemorySpanExporter()
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
  })
  const meterProvider = new MeterProvider({ readers: [new QuietReader()] })
  const observe: Record<Mode, () => () => void> = {
    unobserved: () => () => {},
    otel: () => instrumentLatchkey({ tracerProvider, meterProvider }),
    audit: () => auditTrail({ write: () => {} }),
  }
  const rows: string[][] = []
  try {
    for (const client of clients) {
      const send = sender(client, 'cachedToken', server.origin)
      await sample(() => send(url), 3000, options.concurrency) // warm-up, token cached
      const runs = new Map<Mode, Sample[]>(modes.map((mode) => [mode, []]))
      for (let round = 0; round < options.rounds; round++) {
        for (const mode of [...modes].sort(() => Math.random() - 0.5)) {
          const stop = observe[mode]()
          try {
            runs
              .get(mode)
              ?.push(await sample(() => send(url), options.requests, options.concurrency))
          } finally {
            stop()
          }
          spans.reset()
        }
      }
      const cpu = (mode: Mode) => median((runs.get(mode) ?? []).map((s) => s.cpuMicros))
      const base = cpu('unobserved')
      const added = (mode: Mode) =>
        `${cpu(mode) - base >= 0 ? '+' : ''}${(cpu(mode) - base).toFixed(1)}`
      rows.push([
        client,
        base.toFixed(1),
        cpu('otel').toFixed(1),
        added('otel'),
        cpu('audit').toFixed(1),
        added('audit'),
      ])
    }
  } finally {
    server.stop()
    await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()])
  }
  const title = `overhead-observed: cached oauth2 token, ${options.concurrency} concurrent, median of ${options.rounds} shuffled rounds of ${options.requests} requests`
  const header = [
    'client',
    'unobserved cpu µs/req',
    'otel cpu µs/req',
    'otel added µs',
    'audit cpu µs/req',
    'audit added µs',
  ]
  return `${title}\n${table(header, rows)}`
}
