import { SENTINEL, sentinelForms } from '@latchkey/conformance'
import { type Kit, OAuthServer, startKit } from '@latchkey/conformance/kit'
import { oauth2 } from '@latchkey/core'
import { withAuth } from '@latchkey/fetch'
import { instrumentLatchkey } from '@latchkey/otel'
import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics'
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

let kit: Kit
const contextManager = new AsyncLocalStorageContextManager()
beforeAll(async () => {
  kit = await startKit()
  context.setGlobalContextManager(contextManager.enable())
}, 60_000)
afterAll(async () => {
  context.disable()
  await kit.close()
})

let spans: InMemorySpanExporter
let tracerProvider: TracerProvider
let metricExporter: InMemoryMetricExporter
let meterProvider: MeterProvider
let stop: () => void
beforeEach(() => {
  kit.reset()
  spans = new InMemorySpanExporter()
  tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
  })
  metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
  meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: metricExporter,
        exportIntervalMillis: 3_600_000,
      }),
    ],
  })
  stop = instrumentLatchkey({ tracerProvider, meterProvider })
})
afterEach(async () => {
  stop()
  await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()])
})

function world(options: { failing?: boolean } = {}) {
  const server = new OAuthServer({ clientId: 'otel', clientSecret: SENTINEL.clientSecret })
  if (options.failing) server.mode = 'error500'
  kit.handle('/oauth', server.handler)
  const api = withAuth(
    fetch,
    oauth2.clientCredentials({
      tokenUrl: `${kit.http}/oauth/token`,
      clientId: 'otel',
      clientSecret: SENTINEL.clientSecret,
    }),
  )
  return { server, api }
}

/** Every metric point, by instrument name: the sum for counters, the count for histograms. */
async function collected(): Promise<Map<string, { value: number; attributes: object }[]>> {
  await meterProvider.forceFlush()
  const points = new Map<string, { value: number; attributes: object }[]>()
  for (const resource of metricExporter.getMetrics())
    for (const scope of resource.scopeMetrics)
      for (const metric of scope.metrics)
        points.set(
          metric.descriptor.name,
          metric.dataPoints.map((point) => ({
            value:
              typeof point.value === 'number'
                ? point.value
                : (point.value as { count: number }).count,
            attributes: point.attributes,
          })),
        )
  return points
}

function expectNoSecrets(everything: unknown): void {
  const text = JSON.stringify(everything)
  for (const secret of [...sentinelForms(), 'sentinel-access', 'sentinel-refresh'])
    expect(text, 'a secret was exported').not.toContain(secret)
}

describe('@latchkey/otel', () => {
  it('a token request: its span is a child of the request span, the endpoint call a child of it', async () => {
    const { api } = world()
    const tracer = tracerProvider.getTracer('app')
    await tracer.startActiveSpan('GET /report', async (parent) => {
      const responses = await Promise.all(
        Array.from({ length: 5 }, (_, n) => api(`${kit.http}/oauth/api/${n}`)),
      )
      expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200])
      parent.end()
    })
    const finished = spans.getFinishedSpans()
    const request = finished.find((span) => span.name === 'GET /report')
    const token = finished.find((span) => span.name === 'latchkey.token')
    const post = finished.find((span) => span.name === 'POST')
    expect(finished.filter((span) => span.name === 'latchkey.token')).toHaveLength(1)
    expect(token?.parentSpanContext?.spanId).toBe(request?.spanContext().spanId)
    expect(token?.spanContext().traceId).toBe(request?.spanContext().traceId)
    expect(token?.attributes).toMatchObject({
      'latchkey.strategy': 'oauth2.clientCredentials',
      'latchkey.token.reason': 'cold',
      'latchkey.token.outcome': 'acquired',
      'latchkey.token.grant_type': 'client_credentials',
      'latchkey.token.waiters': 4,
    })
    expect(post?.kind).toBe(SpanKind.CLIENT)
    expect(post?.parentSpanContext?.spanId).toBe(token?.spanContext().spanId)
    const { hostname, port } = new URL(kit.http)
    expect(post?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'server.address': hostname,
      'server.port': Number(port),
      'url.scheme': 'http',
      'http.response.status_code': 200,
    })
    const points = await collected()
    expect(points.get('latchkey.token.requests')?.[0]?.value).toBe(1)
    expect(points.get('latchkey.token.waiters')?.[0]?.value).toBe(4)
    expect(points.get('latchkey.token.duration')?.[0]?.value).toBe(1)
    expect(points.get('latchkey.auth.attempts')?.[0]).toMatchObject({
      value: 5,
      attributes: { 'latchkey.outcome': 'answered', 'http.response.status_code': 200 },
    })
    expectNoSecrets([
      finished.map((span) => [span.name, span.attributes, span.events]),
      [...points],
    ])
  })

  it('a refresh after a refusal is counted; a failing token endpoint is an error span and a failure', async () => {
    const { server, api } = world()
    expect((await api(`${kit.http}/oauth/api/one`)).status).toBe(200)
    server.revokeAll()
    expect((await api(`${kit.http}/oauth/api/two`)).status).toBe(200)
    let points = await collected()
    expect(points.get('latchkey.token.refreshes')).toEqual([
      expect.objectContaining({
        value: 1,
        attributes: expect.objectContaining({ 'latchkey.token.reason': 'rejected' }),
      }),
    ])

    const failing = world({ failing: true })
    await failing.api(`${kit.http}/oauth/api/three`).catch(() => {})
    const failed = spans
      .getFinishedSpans()
      .filter((span) => span.status.code === SpanStatusCode.ERROR)
    expect(failed.map((span) => [span.name, span.attributes['error.type']])).toEqual([
      ['POST', '500'],
      ['latchkey.token', 'TOKEN_ENDPOINT_ERROR'],
    ])
    points = await collected()
    expect(points.get('latchkey.token.failures')?.[0]).toMatchObject({
      value: 1,
      attributes: { 'error.type': 'TOKEN_ENDPOINT_ERROR' },
    })
    expectNoSecrets([spans.getFinishedSpans().map((span) => span.attributes), [...points]])
  })

  it('an exporter that throws never breaks a request', async () => {
    const { api } = world()
    const broken = new TracerProvider({
      spanProcessors: [
        {
          onStart: () => {
            throw new Error('processor bug')
          },
          onEnd: () => {},
          forceFlush: async () => {},
          shutdown: async () => {},
        },
      ],
    })
    const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    const stopBroken = instrumentLatchkey({ tracerProvider: broken, meterProvider })
    try {
      expect((await api(`${kit.http}/oauth/api/broken`)).status).toBe(200)
      expect(String(warnings.mock.calls[0]?.[0])).toContain('processor bug')
    } finally {
      stopBroken()
      warnings.mockRestore()
    }
  })

  it('stops: no span after the returned function is called', async () => {
    stop()
    const { api } = world()
    await api(`${kit.http}/oauth/api/after-stop`)
    expect(spans.getFinishedSpans()).toEqual([])
    stop = () => {}
  })
})
