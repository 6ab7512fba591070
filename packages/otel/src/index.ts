/**
 * `@latchkey/otel`: OpenTelemetry spans and metrics from Latchkey's channels.
 *
 * @packageDocumentation
 */
export { type InstrumentOptions, instrumentLatchkey } from './instrument.js'
