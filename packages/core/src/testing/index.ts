import { DEFAULT_MAX_RESPONSE_BYTES } from '../driver/options.js'
import type { AuthEvent, AuthEventListener } from '../events.js'
import { type AuthRequestInit, createAuthRequest } from '../flow/request.js'
import type {
  AuthFlow,
  AuthRequest,
  AuthResponse,
  AuthStrategy,
  FlowContext,
  Transport,
} from '../flow/types.js'

/**
 * Helpers for testing a strategy without any HTTP client, the way httpx tests its auth
 * flows: drive the generator by hand with the responses a server would give.
 *
 * @example
 * ```ts
 * import { driveFlow, flowContext } from '@latchkey/core/testing'
 *
 * const sent = await driveFlow(myStrategy.flow(request, flowContext()), [
 *   { status: 401, headers: new Headers({ 'www-authenticate': 'Bearer error="invalid_token"' }) },
 * ])
 * expect(sent).toHaveLength(2)
 * ```
 */
export interface TestFlowContext extends FlowContext {
  /** Every event the flow emitted. */
  readonly events: AuthEvent[]
  /** Every value the flow registered as a secret. */
  readonly registered: string[]
}

/** A flow context with a fixed clock, no transport, and recorded events and secrets. */
export function flowContext(overrides: Partial<FlowContext> = {}): TestFlowContext {
  const events: AuthEvent[] = []
  const registered: string[] = []
  return {
    signal: undefined,
    clock: { now: () => 0 },
    emit: (event) => events.push(event),
    transport: () => Promise.reject(new Error('this flow context has no transport')),
    policy: { allowInsecureHttp: false, maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES },
    secret: (value) => registered.push(value),
    containsSecret: (text) => registered.some((value) => text.includes(value)),
    events,
    registered,
    ...overrides,
  }
}

/**
 * Drives a flow as a driver would and returns every request it yielded. Each yield gets
 * the next of `responses`, then a 200 once they run out.
 */
export async function driveFlow(
  flow: AuthFlow,
  responses: readonly AuthResponse[] = [],
): Promise<AuthRequest[]> {
  const sent: AuthRequest[] = []
  let step = await flow.next()
  let index = 0
  while (!step.done) {
    sent.push(step.value)
    step = await flow.next(responses[index++] ?? { status: 200, headers: new Headers() })
  }
  return sent
}

/**
 * A transport over the real network (global `fetch`) that keeps a copy of every request a
 * flow sends through it, for asserting on token and login requests.
 */
export function recordingTransport(): {
  /** Pass as `withAuth`'s `transport`. */
  transport: Transport
  /** A clone of every request sent, in order. */
  sent: Request[]
} {
  const sent: Request[] = []
  return {
    sent,
    transport: (request) => {
      sent.push(request.clone())
      return fetch(request)
    },
  }
}

/** A {@link TestFlowContext} over the real network. */
export interface NetworkFlowContext extends TestFlowContext {
  /** A clone of every request the flow sent, in order. */
  readonly sent: Request[]
}

/**
 * A flow context whose transport is the real network ({@link recordingTransport}) and whose
 * clock is the real one, for strategies that fetch tokens from a live server in a test.
 */
export function networkFlowContext(overrides: Partial<FlowContext> = {}): NetworkFlowContext {
  const { transport, sent } = recordingTransport()
  return { ...flowContext({ clock: { now: () => Date.now() }, transport, ...overrides }), sent }
}

/** A request for a strategy to authenticate: by default a `GET` to an example API. */
export function testRequest(
  url = 'https://api.example.com/v1/things?page=2#top',
  init: Omit<AuthRequestInit, 'url'> = {},
): AuthRequest {
  return createAuthRequest({ ...init, url })
}

/**
 * The first request a strategy's flow yields for `request` (its credential obtained), as a
 * driver would send it.
 */
export async function firstRequest(
  strategy: AuthStrategy,
  context: FlowContext,
  request: AuthRequest = testRequest(),
): Promise<AuthRequest> {
  const step = await strategy.flow(request, context).next()
  if (step.done) throw new Error('the flow yielded nothing')
  return step.value
}

/**
 * What `promise` rejects with, or `undefined` when it fulfils: for asserting on an error's
 * code and message without a try block.
 *
 * @example
 * ```ts
 * expect(await rejection(api.get('/'))).toMatchObject({ code: 'REFRESH_FAILED' })
 * ```
 */
export function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  )
}

/**
 * What `run` throws, or `undefined` when it returns: {@link rejection} for code that throws
 * synchronously, such as a strategy factory refusing its options.
 *
 * @example
 * ```ts
 * expect(thrown(() => basic({ username: '' }))).toMatchObject({ code: 'INVALID_CONFIG' })
 * ```
 */
export function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  return undefined
}

/**
 * A listener for `withAuth`'s `onEvent` that keeps every event, and the events kept.
 *
 * @example
 * ```ts
 * const recorded = recordEvents()
 * const api = withAuth(fetch, strategy, { onEvent: recorded.onEvent })
 * expect(recorded.events.map((event) => event.type)).toEqual(['retried'])
 * ```
 */
export function recordEvents(): {
  /** Every event received, in order. */
  readonly events: AuthEvent[]
  /** Pass as `withAuth`'s `onEvent`. */
  readonly onEvent: AuthEventListener
} {
  const events: AuthEvent[] = []
  return { events, onEvent: (event) => void events.push(event) }
}
