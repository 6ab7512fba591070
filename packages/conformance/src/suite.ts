import { type AuthStrategy, isAuthError, UNSUPPORTED } from '@latchkey/core'
import type { AdapterUnderTest, ClientOptions, UniformClient } from './adapter.js'
import { expect } from './expect.js'
import type { Hop } from './kit/hop.js'
import type { Kit } from './kit/kit.js'
import type { SuiteTests } from './runner/tests.js'
import { sentinelForms } from './sentinels.js'

/**
 * What each scenario group gets: the adapter, the running kit, a client factory, and the
 * test runner's registration functions to declare its tests with.
 */
export interface Suite {
  /** The adapter the suite runs against. */
  readonly adapter: AdapterUnderTest
  /** Registers the group's tests with the injected runner. */
  readonly test: SuiteTests
  /** The running kit; only inside tests and hooks (it starts in a `beforeAll`). */
  kit(): Kit
  /** A client of the adapter under test for `strategy`, trusting the kit's CA. */
  client(strategy: AuthStrategy, options?: Omit<ClientOptions, 'ca'>): UniformClient
}

const credentialHeaders = ['authorization', 'proxy-authorization', 'cookie']

/** A hop that carries no credential at all: none of the always-stripped headers, no sentinel. */
export function expectNoCredentials(hop: Hop | undefined): void {
  expect(hop, 'the hop was never received').toBeDefined()
  const names = hop?.rawHeaders.map(([name]) => name.toLowerCase()) ?? []
  for (const name of credentialHeaders)
    expect(names, `a ${name} header arrived`).not.toContain(name)
  const everything = [
    ...(hop?.rawHeaders.flat() ?? []),
    hop?.query.toString() ?? '',
    hop?.body.toString('utf8') ?? '',
  ].join('\n')
  for (const secret of sentinelForms()) expect(everything, 'a secret arrived').not.toContain(secret)
}

/** The single hop recorded under `prefix`, failing clearly when there is not exactly one. */
export function onlyHop(kit: Kit, prefix: string): Hop {
  const hops = kit.log.at(prefix)
  expect(hops, `hops at ${prefix}`).toHaveLength(1)
  return hops[0] as Hop
}

/**
 * The request is refused when redirected, and the target got nothing: what a browser
 * adapter does with a credential a browser would carry along (`readsRedirects: false`).
 * Returns the error, for further checks.
 */
export async function expectRefusedRedirect(
  request: Promise<unknown>,
  kit: Kit,
  target: string,
): Promise<unknown> {
  const error = await request.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(isAuthError(error), `expected an AuthError, got ${String(error)}`).toBe(true)
  expect((error as { code: string }).code).toBe(UNSUPPORTED)
  expect(kit.log.at(target)).toEqual([])
  return error
}
