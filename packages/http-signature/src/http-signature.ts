import { type AuthStrategy, isAuthError, UNSIGNABLE_REQUEST } from '@latchkey/core'
import { type AuthRequest, defineStrategy, type FlowContext } from '@latchkey/core/strategy'
import { requestedSignatures } from './accept-signature.js'
import { ALGORITHMS, isAlgorithm, type SignatureAlgorithm } from './algorithms.js'
import {
  type ComponentInput,
  componentIds,
  KNOWN_STRUCTURED_FIELDS,
  type StructuredType,
} from './components.js'
import { type DigestAlgorithm, isDigestAlgorithm } from './content-digest.js'
import { invalid } from './errors.js'
import { keyImporter, type SigningKeyInput } from './keys.js'
import { type Plan, PRINTABLE, type Signer, signRequest } from './sign.js'

/** Options of {@link httpSignature}. */
export interface HttpSignatureOptions {
  /** Sent as the `keyid` parameter: how the verifier finds the key. */
  readonly keyId: string
  /**
   * The private key (or HMAC secret): a `CryptoKey`, a private JWK, PKCS#8 PEM text, or
   * for `hmac-sha256` the secret's bytes (at least 32). It never travels, and never
   * appears in an error.
   */
  readonly key: SigningKeyInput
  /** The signature algorithm, by its RFC 9421 registry name; must fit `key`. */
  readonly algorithm: SignatureAlgorithm
  /**
   * What the signature covers, in order. Default `['@method', '@target-uri',
   * 'content-digest']`. Covering `content-digest` makes the strategy send a
   * `Content-Digest` of the exact body bytes.
   */
  readonly components?: readonly ComponentInput[]
  /**
   * The signature's label in `Signature-Input` and `Signature`.
   *
   * @defaultValue `sig1`
   */
  readonly label?: string
  /**
   * Send `created` (the signing time, in seconds).
   *
   * @defaultValue `true`
   */
  readonly created?: boolean
  /**
   * Send `expires`: this many seconds after signing.
   *
   * @defaultValue none (no `expires`)
   */
  readonly expires?: number
  /** Send a `nonce`: `true` for 128 random bits per signature, or your own generator. */
  readonly nonce?: boolean | (() => string)
  /** Send this `tag`, naming the application profile (`web-bot-auth`, ...). */
  readonly tag?: string
  /**
   * Send `alg` with the algorithm's name.
   *
   * @defaultValue `false` (the key implies it)
   */
  readonly alg?: boolean
  /**
   * The `Content-Digest` algorithm.
   *
   * @defaultValue `sha-256`
   */
  readonly digest?: DigestAlgorithm
  /** Types of structured fields covered with `sf`, beyond the ones RFCs define. */
  readonly structuredFields?: Readonly<Record<string, StructuredType>>
  /**
   * Answer a 401 carrying `Accept-Signature` once, with the signatures it asks for, when
   * this key can give them all. Default true.
   */
  readonly acceptSignature?: boolean
}

/** Every header the strategy puts on a request, as a credential: stripped when a redirect leaves the origin. */
const SIGNATURE_HEADERS = ['signature-input', 'signature']
const DEFAULT_COMPONENTS: readonly ComponentInput[] = ['@method', '@target-uri', 'content-digest']
/** The lifetime given to an `expires` a responder asks for when none is configured. */
const REQUESTED_LIFETIME_SECONDS = 300
const LABEL = /^[a-z*][a-z0-9_\-.*]*$/

/**
 * HTTP Message Signatures (RFC 9421): signs each request, each resend and each redirect
 * hop to the same origin with `Signature-Input` and `Signature` over the components you
 * choose, and sends a `Content-Digest` (RFC 9530) of the exact body bytes when it is
 * covered. A redirect to another origin carries neither header. A request that already
 * carries one of them is taken as signed by the caller and sent as it is.
 *
 * @example
 * ```ts
 * import { httpSignature } from '@latchkey/http-signature'
 *
 * const api = withAuth(
 *   ky.create({ prefixUrl: 'https://api.example.com' }),
 *   httpSignature({
 *     keyId: 'client-2026',
 *     key: process.env.SIGNING_KEY_PEM, // PKCS#8
 *     algorithm: 'ed25519',
 *     components: ['@method', '@target-uri', 'content-type', 'content-digest'],
 *     expires: 60,
 *   }),
 * )
 * ```
 */
export function httpSignature(options: HttpSignatureOptions): AuthStrategy {
  if (typeof options !== 'object' || options === null) {
    throw invalid('expected options { keyId, key, algorithm }')
  }
  const {
    keyId,
    key,
    algorithm,
    components = DEFAULT_COMPONENTS,
    label = 'sig1',
    created = true,
    expires,
    nonce = false,
    tag,
    alg = false,
    digest = 'sha-256',
    structuredFields: extraStructured = {},
    acceptSignature = true,
  } = options
  if (!isAlgorithm(algorithm)) {
    throw invalid(`algorithm must be one of ${Object.keys(ALGORITHMS).join(', ')}`)
  }
  if (typeof keyId !== 'string' || !PRINTABLE.test(keyId)) {
    throw invalid('keyId must be a non-empty string of printable ASCII')
  }
  if (typeof label !== 'string' || !LABEL.test(label)) {
    throw invalid('label must be a structured-field key, such as "sig1" (lower case)')
  }
  if (typeof created !== 'boolean') throw invalid('created must be true or false')
  if (expires !== undefined && !(Number.isSafeInteger(expires) && expires > 0)) {
    throw invalid('expires must be a whole number of seconds above zero')
  }
  if (typeof nonce !== 'boolean' && typeof nonce !== 'function') {
    throw invalid('nonce must be true, false, or a function returning one')
  }
  if (tag !== undefined && (typeof tag !== 'string' || !PRINTABLE.test(tag))) {
    throw invalid('tag must be a non-empty string of printable ASCII')
  }
  if (!isDigestAlgorithm(digest)) throw invalid('digest must be "sha-256" or "sha-512"')
  const structuredFields = { ...KNOWN_STRUCTURED_FIELDS, ...extraStructured }
  const importKey = keyImporter(key, algorithm)
  const own: Plan = {
    label,
    components: componentIds(components, structuredFields),
    created,
    lifetime: expires,
    alg,
    nonce,
    tag,
  }
  const signer: Signer = { keyId, algorithm, importKey, digest, structuredFields }
  const sign = (request: AuthRequest, ctx: FlowContext, plans: readonly Plan[]) =>
    signRequest(request, ctx, signer, plans)

  return defineStrategy({
    name: 'httpSignature',
    secrets: { headers: SIGNATURE_HEADERS, query: [] },
    async *flow(request, ctx) {
      const response = yield await sign(request, ctx, [own])
      if (!acceptSignature || response.status !== 401) return
      const header = response.headers.get('accept-signature')
      if (header === null || request.body?.replayable === false) return
      const requested = requestedSignatures(header, signer)
      if (requested === undefined) return
      const plans = requested.map(
        (wanted): Plan => ({
          label: wanted.label,
          components: wanted.components,
          created: created || wanted.created,
          lifetime: wanted.expires ? (expires ?? REQUESTED_LIFETIME_SECONDS) : expires,
          alg: alg || wanted.alg,
          nonce: wanted.nonce === false ? nonce : wanted.nonce,
          tag: wanted.tag ?? tag,
        }),
      )
      let resend: AuthRequest
      try {
        resend = await sign(request, ctx, plans)
      } catch (error) {
        // Asked for what this request does not have (a header, a query parameter): the 401 is the caller's.
        if (isAuthError(error) && error.code === UNSIGNABLE_REQUEST) return
        throw error
      }
      yield resend
    },
  })
}
