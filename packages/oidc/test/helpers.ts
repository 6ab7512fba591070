import type { AuthStrategy } from '@latchkey/core'
import {
  type AuthRequest,
  type AuthResponse,
  createAuthRequest,
  type FlowContext,
} from '@latchkey/core/strategy'
import { flowContext, recordingTransport } from '@latchkey/core/testing'

export function request(
  url = 'https://api.example.com/v1/things?page=2#top',
  method = 'GET',
): AuthRequest {
  return createAuthRequest({ url, method })
}

export function response(status: number, headers: HeadersInit = {}): AuthResponse {
  return { status, headers: new Headers(headers) }
}

/** A flow context over the real network, recording what a driver would: events, secrets, requests. */
export function context(overrides: Partial<FlowContext> = {}) {
  const { transport, sent } = recordingTransport()
  return { ...flowContext({ clock: { now: () => Date.now() }, transport, ...overrides }), sent }
}

/** The first request a strategy yields (its token obtained), as a driver would see it. */
export async function firstRequest(
  strategy: AuthStrategy,
  ctx: FlowContext,
  target: AuthRequest = request(),
): Promise<AuthRequest> {
  const step = await strategy.flow(target, ctx).next()
  if (step.done) throw new Error('the flow yielded nothing')
  return step.value
}

import { driveFlow } from '@latchkey/core/testing'

export { driveFlow as drain }

export function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  )
}
