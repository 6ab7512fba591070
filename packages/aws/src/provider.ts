import { MemoryTokenStore } from '@latchkey/core'
import {
  type CredentialKind,
  callSupplied,
  credentialUnavailable,
  type Expiring,
  type FlowContext,
  TokenEngine,
} from '@latchkey/core/strategy'
import {
  type AwsCredentialProvider,
  type AwsCredentials,
  credentialsProblem,
} from './credentials.js'

/** Temporary credentials are replaced this long before they expire, as the AWS SDKs do. */
export const REFRESH_WINDOW_SECONDS = 5 * 60

/** A provider's credentials as core's token engine caches them. */
interface Cached extends Expiring {
  readonly credentials: AwsCredentials
}

/**
 * What a provider resolves, checked and copied (what the provider does with its object
 * afterwards cannot change what is signed); credentials without `expiration` never expire.
 */
const awsCredentials: CredentialKind<Cached, unknown> = {
  id: ({ credentials }) => `${credentials.accessKeyId} ${credentials.sessionToken ?? ''}`,
  issue(resolved, startedAt) {
    const problem = credentialsProblem(resolved)
    if (problem !== undefined)
      throw credentialUnavailable(
        'awsSigV4',
        `the credential provider returned unusable credentials: ${problem}`,
      )
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = resolved as AwsCredentials
    const expiresAt = expiration?.getTime() ?? Number.POSITIVE_INFINITY
    if (expiresAt <= startedAt)
      throw credentialUnavailable(
        'awsSigV4',
        'the credential provider returned credentials that have already expired',
      )
    return {
      issuedAt: startedAt,
      expiresAt,
      credentials: Object.freeze({
        accessKeyId,
        secretAccessKey,
        ...(sessionToken !== undefined && { sessionToken }),
        ...(expiration !== undefined && { expiration: new Date(expiresAt) }),
      }),
    }
  },
}

/**
 * A provider's credentials through core's token engine: cached in memory, one provider
 * call however many requests wait (each may abort alone), refreshed in the background
 * five minutes before `expiration` while the current ones are still used, on the flow's
 * clock, a provider call bounded by 30 s. A provider that throws or resolves junk fails
 * the request with `CREDENTIAL_UNAVAILABLE` (no reactive refresh: AWS says a signature
 * expired in the response body, not in a challenge).
 */
export function providerCredentials(
  provider: AwsCredentialProvider,
): (ctx: FlowContext) => Promise<AwsCredentials> {
  const engine = new TokenEngine({
    strategy: 'awsSigV4',
    source: { acquire: () => callSupplied('awsSigV4', 'the credential provider', provider) },
    store: new MemoryTokenStore<Cached>(),
    key: 'awsSigV4',
    kind: awsCredentials,
    refreshWindow: REFRESH_WINDOW_SECONDS,
    timeout: 30_000,
  })
  return async (ctx) => (await engine.current(ctx)).credentials
}
