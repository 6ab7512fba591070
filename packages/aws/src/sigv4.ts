import { AuthError, type AuthStrategy, INVALID_CONFIG, UNSIGNABLE_REQUEST } from '@latchkey/core'
import { type AuthBody, defineStrategy, type FlowContext, hex } from '@latchkey/core/strategy'
import { SignatureV4 } from '@smithy/signature-v4'
import { signableUrl } from './canonical-url.js'
import { type AwsCredentialSource, type AwsCredentials, assertCredentials } from './credentials.js'
import { providerCredentials } from './provider.js'
import { hasWebCrypto, type Sha256Constructor, WebCryptoSha256 } from './sha256.js'

/** Options of {@link awsSigV4}. */
export interface AwsSigV4Options {
  /** The region requests are signed for: `us-east-1`, `eu-west-3`, `auto` for Cloudflare R2... */
  readonly region: string
  /** The service's signing name: `s3`, `execute-api`, `lambda`, `es`, `aoss`... */
  readonly service: string
  /**
   * Fixed credentials, or a provider such as `fromNodeProviderChain()` from
   * `@aws-sdk/credential-providers`. A provider's credentials are cached by core's token
   * engine and refreshed five minutes before their `expiration`, one provider call at a
   * time; a provider that throws or resolves junk fails the request with
   * `CREDENTIAL_UNAVAILABLE`.
   */
  readonly credentials: AwsCredentialSource
  /**
   * What `x-amz-content-sha256` says, and so what the signature covers of the body.
   *
   * - `'signed'` (default): the SHA-256 of the exact bytes sent. Every service accepts
   *   it. A one-shot stream cannot be hashed before it is sent, so such a request fails
   *   with `UNSIGNABLE_REQUEST`: send bytes, a string or a Blob instead.
   * - `'unsigned'`: `UNSIGNED-PAYLOAD`. Only S3 (and S3-compatible stores) accept it,
   *   over https; it lets one-shot streams be uploaded and skips hashing large bodies.
   */
  readonly payload?: 'signed' | 'unsigned'
  /**
   * The SHA-256 implementation. Default: the platform's Web Crypto. Where it is missing
   * (a browser page on plain http), pass `Sha256` from `@aws-crypto/sha256-js`.
   */
  readonly sha256?: Sha256Constructor
}

/** Every header a signature puts on a request: all stripped when a redirect leaves the origin. */
const SIGNATURE_HEADERS = [
  'authorization',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
]
/**
 * Secrets the caller puts on S3 requests (SSE-C: the customer's encryption key and its
 * MD5, for the object and for a copy's source): signed like any header, and stripped
 * with the signature when a redirect leaves the origin.
 */
const CUSTOMER_KEY_HEADERS = [
  'x-amz-server-side-encryption-customer-key',
  'x-amz-server-side-encryption-customer-key-md5',
  'x-amz-copy-source-server-side-encryption-customer-key',
  'x-amz-copy-source-server-side-encryption-customer-key-md5',
]
/** Set (or rewritten) by the transport after the request is signed, so never signed. */
const UNSIGNABLE_HEADERS = new Set(['content-length'])
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'
/** One component of the credential scope (`<date>/<region>/<service>/aws4_request`). */
const scopeComponent = /^[A-Za-z0-9_-]+$/

/**
 * AWS Signature Version 4: signs every request (and every redirect hop to the same
 * origin) with `Authorization: AWS4-HMAC-SHA256 ...`, `x-amz-date`,
 * `x-amz-content-sha256` and, for temporary credentials, `x-amz-security-token`.
 *
 * The signature covers the request exactly as the client sends it: method, path, query,
 * headers and the SHA-256 of the body bytes after the client serialized them (axios
 * `transformRequest`, got `json`, ky `json`). The query goes out in SigV4's canonical
 * encoding. A redirect to another origin carries none of these headers. A request that
 * already carries one of them is taken as signed by the caller and sent as it is.
 *
 * @example
 * ```ts
 * import { awsSigV4 } from '@latchkey/aws'
 * import { fromNodeProviderChain } from '@aws-sdk/credential-providers'
 *
 * const api = withAuth(
 *   ky.create({ prefixUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod' }),
 *   awsSigV4({ region: 'eu-west-1', service: 'execute-api', credentials: fromNodeProviderChain() }),
 * )
 * ```
 *
 * @example
 * ```ts
 * // S3: streams upload unhashed, as the AWS SDK does.
 * awsSigV4({ region: 'us-east-1', service: 's3', credentials: { accessKeyId, secretAccessKey }, payload: 'unsigned' })
 * ```
 */
export function awsSigV4(options: AwsSigV4Options): AuthStrategy {
  if (typeof options !== 'object' || options === null) {
    throw invalid('expected options { region, service, credentials }')
  }
  const { region, service, credentials, payload = 'signed', sha256 } = options
  if (typeof region !== 'string' || !scopeComponent.test(region)) {
    throw invalid('region must be a region name such as "us-east-1" (letters, digits, "-", "_")')
  }
  if (typeof service !== 'string' || !scopeComponent.test(service)) {
    throw invalid('service must be a signing name such as "s3" or "execute-api"')
  }
  if (payload !== 'signed' && payload !== 'unsigned') {
    throw invalid('payload must be "signed" or "unsigned"')
  }
  if (sha256 !== undefined && typeof sha256 !== 'function') {
    throw invalid('sha256 must be a hash constructor, such as Sha256 from @aws-crypto/sha256-js')
  }
  if (sha256 === undefined && !hasWebCrypto()) {
    throw invalid(
      'Web Crypto is not available here: pass sha256 (Sha256 from @aws-crypto/sha256-js)',
    )
  }
  const resolve = credentialResolver(credentials)
  const hash = sha256 ?? WebCryptoSha256
  // S3 signs the path encoded once and unnormalized; every other service, normalized and encoded twice.
  const s3 = service === 's3'

  return defineStrategy({
    name: 'awsSigV4',
    secrets: { headers: SIGNATURE_HEADERS, query: [], carried: CUSTOMER_KEY_HEADERS },
    async *flow(request, ctx) {
      const current = await resolve(ctx)
      ctx.secret(current.secretAccessKey)
      if (current.sessionToken !== undefined) ctx.secret(current.sessionToken)
      const { path, query, url } = signableUrl(request.url, s3)
      const headers: Record<string, string> = { host: url.host }
      for (const [name, value] of request.headers) headers[name] = value
      headers['x-amz-content-sha256'] =
        payload === 'unsigned' ? UNSIGNED_PAYLOAD : await payloadHash(request.body, hash)
      const signer = new SignatureV4({
        region,
        service,
        credentials: {
          accessKeyId: current.accessKeyId,
          secretAccessKey: current.secretAccessKey,
          ...(current.sessionToken !== undefined && { sessionToken: current.sessionToken }),
        },
        sha256: hash,
        uriEscapePath: !s3,
      })
      const signed = await signer.sign(
        {
          method: request.method,
          protocol: url.protocol,
          hostname: url.hostname,
          path,
          query,
          headers,
        },
        { signingDate: new Date(ctx.clock.now()), unsignableHeaders: UNSIGNABLE_HEADERS },
      )
      const sent = new Headers(request.headers)
      for (const name of SIGNATURE_HEADERS) {
        const value = signed.headers[name]
        if (value !== undefined) sent.set(name, value)
      }
      yield { ...request, url, headers: sent }
    },
  })
}

function credentialResolver(
  source: AwsCredentialSource,
): (ctx: FlowContext) => Promise<AwsCredentials> {
  if (typeof source === 'function') return providerCredentials(source)
  assertCredentials(source, 'credentials')
  const { accessKeyId, secretAccessKey, sessionToken } = source
  const fixed: AwsCredentials = Object.freeze({
    accessKeyId,
    secretAccessKey,
    ...(sessionToken !== undefined && { sessionToken }),
  })
  return () => Promise.resolve(fixed)
}

async function payloadHash(body: AuthBody | null, Sha256: Sha256Constructor): Promise<string> {
  if (body !== null && !body.replayable) {
    throw new AuthError(
      UNSIGNABLE_REQUEST,
      'awsSigV4: the body is a one-shot stream, which cannot be hashed before it is sent; send bytes, a string or a Blob, or use payload: "unsigned" where the service accepts it (S3)',
    )
  }
  const hash = new Sha256()
  hash.update(body === null ? new Uint8Array() : await body.bytes())
  return hex(await hash.digest())
}

function invalid(message: string): AuthError {
  return new AuthError(INVALID_CONFIG, `awsSigV4: ${message}`)
}
