import type { AuthStrategy } from '../src/index.js'
import {
  type AuthFlow,
  type AuthRequest,
  type AuthResponse,
  createAuthRequest,
} from '../src/strategy.js'

export function request(
  url = 'https://api.example.com/v1/things?page=2',
  init: Partial<Parameters<typeof createAuthRequest>[0]> = {},
): AuthRequest {
  return createAuthRequest({ url, ...init })
}

export function response(status: number, headers: HeadersInit = {}): AuthResponse {
  return { status, headers: new Headers(headers) }
}

/** Core's own tests drive flows with the helpers it publishes for strategy authors. */
export { driveFlow as drain, flowContext as context } from '../src/testing/index.js'

/** A strategy that sends a numbered credential and retries once on a 401, like a refresh would. */
export function retryingStrategy(header = 'x-attempt'): AuthStrategy & { calls: number } {
  const strategy = {
    name: 'retrying',
    secrets: { headers: [header], query: [] },
    calls: 0,
    async *flow(request: AuthRequest): AuthFlow {
      strategy.calls++
      const first = new Headers(request.headers)
      first.set(header, 'credential-1')
      const answer = yield { ...request, headers: first }
      if (answer.status !== 401) return
      const second = new Headers(request.headers)
      second.set(header, 'credential-2')
      yield { ...request, headers: second }
    },
  }
  return strategy
}
