import { CHANNELS, subscribe } from '@latchkey/core'
import {
  context,
  type MeterProvider,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TracerProvider,
  trace,
} from '@opentelemetry/api'
import { createMetrics } from './metrics.js'

/** Where {@link instrumentLatchkey} sends spans and metrics. */
export interface InstrumentOptions {
  /** Default: the global tracer provider (`trace.getTracerProvider()`). */
  readonly tracerProvider?: TracerProvider
  /** Default: the global meter provider (`metrics.getMeterProvider()`). */
  readonly meterProvider?: MeterProvider
}

const scope = '@latchkey/otel'

/**
 * Turns Latchkey's channels into OpenTelemetry: a `latchkey.token` span per token request
 * (one flight, however many requests waited for it), a child of the span active when a
 * request first needed the token; under it a CLIENT span per call to a token endpoint, with
 * the HTTP semantic conventions' attributes; and the `latchkey.token.*` and
 * `latchkey.auth.attempts` metrics (durations in seconds).
 * Returns the function that stops it. Nothing it records can hold a secret: the channels
 * carry none.
 */
export function instrumentLatchkey(options: InstrumentOptions = {}): () => void {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(scope)
  const recorded = createMetrics(
    (options.meterProvider ?? metrics.getMeterProvider()).getMeter(scope),
  )
  const flights = new Map<number, Span>()
  const calls = new Map<number, Span>()

  const stops = [
    subscribe(CHANNELS.tokenStart, (message) => {
      const span = tracer.startSpan(
        'latchkey.token',
        {
          kind: SpanKind.INTERNAL,
          attributes: {
            'latchkey.strategy': message.strategy,
            'latchkey.token.reason': message.reason,
            'latchkey.token.store': message.store,
          },
        },
        context.active(),
      )
      flights.set(message.flight, span)
    }),
    subscribe(CHANNELS.tokenEnd, (message) => {
      recorded.tokenEnd(message)
      const span = flights.get(message.flight)
      if (span === undefined) return
      flights.delete(message.flight)
      span.setAttributes({
        'latchkey.token.outcome': message.outcome,
        'latchkey.token.waiters': message.waiters,
        ...(message.grantType !== null && { 'latchkey.token.grant_type': message.grantType }),
      })
      if (message.outcome === 'failed') {
        span.setAttribute('error.type', message.code ?? 'UNKNOWN')
        span.setStatus({ code: SpanStatusCode.ERROR, message: message.code ?? 'UNKNOWN' })
      }
      span.end()
    }),
    subscribe(CHANNELS.tokenEndpointStart, (message) => {
      const flight = message.flight === null ? undefined : flights.get(message.flight)
      const parent =
        flight === undefined ? context.active() : trace.setSpan(context.active(), flight)
      const url = new URL(message.origin)
      const span = tracer.startSpan(
        message.method,
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'http.request.method': message.method,
            'server.address': url.hostname,
            'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
            'url.scheme': url.protocol.slice(0, -1),
            'latchkey.strategy': message.strategy,
            ...(message.grantType !== null && { 'latchkey.token.grant_type': message.grantType }),
          },
        },
        parent,
      )
      calls.set(message.call, span)
    }),
    subscribe(CHANNELS.tokenEndpointEnd, (message) => {
      const span = calls.get(message.call)
      if (span === undefined) return
      calls.delete(message.call)
      if (message.status !== null) span.setAttribute('http.response.status_code', message.status)
      if (message.error !== null) {
        // The semantic conventions: the status code as a string, else the error's kind.
        span.setAttribute('error.type', message.error)
        span.setStatus({ code: SpanStatusCode.ERROR })
      }
      span.end()
    }),
    subscribe(CHANNELS.tokenCache, (message) => recorded.tokenCache(message)),
    subscribe(CHANNELS.request, (message) => recorded.request(message)),
  ]
  return () => {
    for (const stop of stops) stop()
    for (const span of [...flights.values(), ...calls.values()]) span.end()
    flights.clear()
    calls.clear()
  }
}
