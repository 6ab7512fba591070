import type { AuthEvent } from '../src/events.js'
import {
  type AuthFlow,
  type AuthRequest,
  type AuthResponse,
  type AuthStrategy,
  createAuthRequest,
  type FlowContext,
} from '../src/index.js'

export function request(
  url = 'https://api.example.com/v1/things?page=2',
  init: Partial<Parameters<typeof createAuthRequest>[0]> = {},
): AuthRequest {
  return createAuthRequest({ url, ...init })
}

export function response(status: number, headers: HeadersInit = {}): AuthResponse {
  return { status, headers: new Headers(headers) }
}

export function context(
  overrides: Partial<FlowContext> = {},
): FlowContext & { events: AuthEvent[]; registered: string[] } {
  const events: AuthEvent[] = []
  const registered: string[] = []
  return {
    signal: undefined,
    clock: { now: () => 0 },
    emit: (event) => events.push(event),
    transport: () => Promise.reject(new Error('no transport in this test')),
    policy: { allowInsecureHttp: false },
    secret: (value) => registered.push(value),
    events,
    registered,
    ...overrides,
  }
}

/** Drives a flow by hand, as a driver would: returns every request it yielded. */
export async function drain(
  flow: AuthFlow,
  responses: AuthResponse[] = [],
): Promise<AuthRequest[]> {
  const sent: AuthRequest[] = []
  let step = await flow.next()
  let index = 0
  while (!step.done) {
    sent.push(step.value)
    step = await flow.next(responses[index++] ?? response(200))
  }
  return sent
}

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
