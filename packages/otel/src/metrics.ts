import type { RequestMessage, TokenCacheMessage, TokenEndMessage } from '@latchkey/core'
import type { Meter } from '@opentelemetry/api'

/**
 * The instruments, named under `latchkey.` (the semantic conventions have none for
 * authentication); durations in seconds, as OpenTelemetry's HTTP metrics are.
 */
export function createMetrics(meter: Meter) {
  const requests = meter.createCounter('latchkey.token.requests', {
    description: 'Token requests (flights) settled, by strategy and outcome',
  })
  const refreshes = meter.createCounter('latchkey.token.refreshes', {
    description: 'Tokens replaced: proactively, on expiry or after a refusal',
  })
  const failures = meter.createCounter('latchkey.token.failures', {
    description: 'Token requests that failed, by error.type',
  })
  const waiters = meter.createCounter('latchkey.token.waiters', {
    description: 'Requests that waited for a token request another request had started',
  })
  const duration = meter.createHistogram('latchkey.token.duration', {
    description: 'Duration of token requests, from the first need to the token in the store',
    unit: 's',
  })
  const lookups = meter.createCounter('latchkey.token.lookups', {
    description: 'Token lookups by token strategies, by latchkey.token.cache (hit or miss)',
  })
  const attempts = meter.createCounter('latchkey.auth.attempts', {
    description: 'Authenticated attempts sent, by strategy and latchkey.outcome',
  })

  return {
    tokenEnd(message: TokenEndMessage): void {
      const attributes = {
        'latchkey.strategy': message.strategy,
        'latchkey.token.outcome': message.outcome,
        'latchkey.token.reason': message.reason,
      }
      requests.add(1, attributes)
      if (message.outcome === 'refreshed') refreshes.add(1, attributes)
      if (message.outcome === 'failed')
        failures.add(1, { ...attributes, 'error.type': message.code ?? 'UNKNOWN' })
      if (message.waiters > 0)
        waiters.add(message.waiters, { 'latchkey.strategy': message.strategy })
      duration.record(message.durationMs / 1000, attributes)
    },
    tokenCache(message: TokenCacheMessage): void {
      lookups.add(1, {
        'latchkey.strategy': message.strategy,
        'latchkey.token.cache': message.hit ? 'hit' : 'miss',
      })
    },
    request(message: RequestMessage): void {
      if (message.credential === null) return
      attempts.add(1, {
        'latchkey.strategy': message.strategy,
        'latchkey.outcome': message.outcome,
        ...(message.status !== null && { 'http.response.status_code': message.status }),
      })
    },
  }
}
