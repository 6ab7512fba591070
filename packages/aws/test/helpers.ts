import type { AuthEvent } from '@latchkey/core'
import {
  type AuthFlow,
  type AuthRequest,
  type AuthRequestInit,
  createAuthRequest,
  type FlowContext,
} from '@latchkey/core/strategy'

export function request(url: string, init: Omit<AuthRequestInit, 'url'> = {}): AuthRequest {
  return createAuthRequest({ url, ...init })
}

/** A flow context with a clock the test moves by hand, recording the secrets registered. */
export function context(
  now = Date.UTC(2015, 7, 30, 12, 36, 0),
  overrides: Partial<FlowContext> = {},
): FlowContext & { registered: string[]; events: AuthEvent[]; at: { now: number } } {
  const registered: string[] = []
  const events: AuthEvent[] = []
  const at = { now }
  return {
    signal: undefined,
    clock: { now: () => at.now },
    emit: (event) => events.push(event),
    transport: () => Promise.reject(new Error('no transport in this test')),
    policy: { allowInsecureHttp: false, maxResponseBytes: 64 * 1024 },
    secret: (value) => registered.push(value),
    containsSecret: (text) => registered.some((value) => text.includes(value)),
    registered,
    events,
    at,
    ...overrides,
  }
}

import { driveFlow } from '@latchkey/core/testing'

export { driveFlow as drain }

/** The one request a signing flow yields. */
export async function signed(flow: AuthFlow): Promise<AuthRequest> {
  const [only, ...more] = await driveFlow(flow)
  if (only === undefined || more.length > 0) throw new Error('expected exactly one request')
  return only
}

/** A promise resolved or rejected from outside, to hold a provider call open. */
export function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((yes, no) => {
    resolve = yes
    reject = no
  })
  return { promise, resolve, reject }
}

/** `Authorization` split into its parameters. */
export function authorization(sent: AuthRequest): {
  credential: string
  signedHeaders: string[]
  signature: string
} {
  const value = sent.headers.get('authorization') ?? ''
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      value,
    )
  if (match === null) throw new Error(`not a SigV4 Authorization header: ${value}`)
  return {
    credential: match[1] as string,
    signedHeaders: (match[2] as string).split(';'),
    signature: match[3] as string,
  }
}
