import type { AuthStrategy } from '@latchkey/core'
import type { AuthFlow, AuthRequest } from '@latchkey/core/strategy'

/**
 * A strategy that retries once on 401 with a second credential, the shape of a token
 * refresh, so every adapter's retry path is exercised without a token server.
 */
export function retryOnce(header = 'x-attempt'): AuthStrategy {
  return {
    name: 'retryOnce',
    secrets: { headers: [header], query: [] },
    async *flow(request: AuthRequest): AuthFlow {
      const answer = yield withHeader(request, header, '1')
      if (answer.status === 401) yield withHeader(request, header, '2')
    },
  }
}

/**
 * A strategy whose credential depends on the request (`x-request: n` gets `token-n`),
 * after a random delay, so interleaved concurrent exchanges would show any cross-talk.
 */
export function perRequest(): AuthStrategy {
  return {
    name: 'perRequest',
    secrets: { headers: ['authorization'], query: [] },
    async *flow(request: AuthRequest): AuthFlow {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10))
      yield withHeader(request, 'authorization', `Bearer token-${request.headers.get('x-request')}`)
    },
  }
}

function withHeader(request: AuthRequest, name: string, value: string): AuthRequest {
  const headers = new Headers(request.headers)
  headers.set(name, value)
  return { ...request, headers }
}
