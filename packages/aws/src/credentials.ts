import { AuthError, INVALID_CONFIG } from '@latchkey/core'

/**
 * AWS credentials: the shape of `AwsCredentialIdentity` from the AWS SDK, so what
 * `@aws-sdk/credential-providers` resolves can be used as is.
 */
export interface AwsCredentials {
  /** The access key id (`AKIA...`, `ASIA...`); sent in the clear, in the signature's scope. */
  readonly accessKeyId: string
  /** The secret access key: signs requests, never sent. */
  readonly secretAccessKey: string
  /** Temporary credentials (STS, SSO, instance roles) come with one; it is sent as `x-amz-security-token`. */
  readonly sessionToken?: string | undefined
  /** When temporary credentials stop working; they are refreshed before then. */
  readonly expiration?: Date | undefined
}

/**
 * Resolves credentials, typically from `@aws-sdk/credential-providers`
 * (`fromNodeProviderChain()`, `fromTemporaryCredentials()`, `fromIni()`...).
 */
export type AwsCredentialProvider = () => Promise<AwsCredentials>

/** Fixed credentials, or a provider called when the cached ones are missing or expiring. */
export type AwsCredentialSource = AwsCredentials | AwsCredentialProvider

/** Visible ASCII without the separators of the `Credential=<id>/<scope>, ...` parameter. */
const accessKeyId = /^[\u0021-\u007e]+$/
const separators = /[/,=]/
/** A header value: visible ASCII, no surrounding or embedded whitespace. */
const tokenValue = /^[\u0021-\u007e]+$/

/**
 * Why `credentials` cannot sign a request, or `undefined` when they can. The reasons
 * name fields, never values.
 */
export function credentialsProblem(credentials: unknown): string | undefined {
  if (typeof credentials !== 'object' || credentials === null) {
    return 'credentials must be an object with accessKeyId and secretAccessKey'
  }
  const {
    accessKeyId: id,
    secretAccessKey,
    sessionToken,
    expiration,
  } = credentials as Record<string, unknown>
  if (typeof id !== 'string' || !accessKeyId.test(id) || separators.test(id)) {
    return 'accessKeyId must be a non-empty string of visible ASCII without "/", "," or "="'
  }
  if (typeof secretAccessKey !== 'string' || secretAccessKey.length === 0) {
    return 'secretAccessKey must be a non-empty string'
  }
  if (
    sessionToken !== undefined &&
    (typeof sessionToken !== 'string' || !tokenValue.test(sessionToken))
  ) {
    return 'sessionToken must be a non-empty string of visible ASCII'
  }
  if (
    expiration !== undefined &&
    !(expiration instanceof Date && Number.isFinite(expiration.getTime()))
  ) {
    return 'expiration must be a valid Date'
  }
  return undefined
}

/** Throws `INVALID_CONFIG` for fixed credentials that cannot sign; `where` names the option. */
export function assertCredentials(
  credentials: unknown,
  where: string,
): asserts credentials is AwsCredentials {
  const problem = credentialsProblem(credentials)
  if (problem !== undefined) throw new AuthError(INVALID_CONFIG, `awsSigV4: ${where}: ${problem}`)
}
