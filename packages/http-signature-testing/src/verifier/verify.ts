import {
  constants,
  createHash,
  createHmac,
  createPublicKey,
  KeyObject,
  timingSafeEqual,
  verify,
} from 'node:crypto'
import { decodeDict, encodeItem, type Item, serializeInnerList } from 'structured-field-values'
import {
  ComponentError,
  componentValue,
  type FieldType,
  fieldLines,
  type ReceivedRequest,
} from './received.js'

/** The RFC 9421 algorithms the verifier checks, by registry name. */
export type VerifierAlgorithm =
  | 'ed25519'
  | 'ecdsa-p256-sha256'
  | 'ecdsa-p384-sha384'
  | 'rsa-pss-sha512'
  | 'rsa-v1_5-sha256'
  | 'hmac-sha256'

/** A key the server knows: a public key (PEM or KeyObject), or an HMAC secret. */
export interface VerifierKey {
  /** The only algorithm signatures made with this key may use. */
  readonly algorithm: VerifierAlgorithm
  /** The public key (PEM or `KeyObject`), or the HMAC secret. */
  readonly key: KeyObject | string | Uint8Array
}

/** What {@link verifyHttpSignature} checks a request against. */
export interface HttpSignatureVerifierOptions {
  /** The keys the server knows, by `keyid`. */
  readonly keys: Readonly<Record<string, VerifierKey>>
  /** Components every signature must cover (`'@method'`, `'content-digest'`, ...). */
  readonly required?: readonly string[]
  /** How old `created` may be, in seconds. Default 300. */
  readonly maxAge?: number
  /** The server's clock (milliseconds). Default `Date.now`. */
  readonly now?: () => number
  /** Types of fields signed with `sf`. */
  readonly fieldTypes?: Readonly<Record<string, FieldType>>
}

/** One signature that verified. */
export interface VerifiedSignature {
  /** Its label in Signature-Input and Signature (`sig1`). */
  readonly label: string
  /** The `keyid` it names. */
  readonly keyid: string
  /** The covered components, serialized as in Signature-Input (`"@query-param";name="a"`). */
  readonly components: readonly string[]
  /** Its signature parameters (`created`, `expires`, `alg`, `nonce`, `tag`, ...). */
  readonly params: Readonly<Record<string, unknown>>
  /** The signature base the server rebuilt and verified. */
  readonly base: string
}

/** What {@link verifyHttpSignature} concluded. */
export type HttpSignatureVerdict =
  | {
      /** Every signature verifies. */
      readonly ok: true
      /** The signatures, in Signature-Input order. */
      readonly signatures: readonly VerifiedSignature[]
      /** Whether a Content-Digest arrived (and then matched the body). */
      readonly contentDigest: 'matched' | 'absent'
    }
  | {
      /** The request is refused. */
      readonly ok: false
      /** Why, for test failure messages. */
      readonly reason: string
      /** The signature base rebuilt, when it got that far. */
      readonly base?: string
    }

const DIGESTS: Readonly<Record<string, string>> = { 'sha-256': 'sha256', 'sha-512': 'sha512' }
const SKEW_SECONDS = 60

/**
 * Verifies every signature on a received request the way a server would: parses
 * Signature-Input and Signature, rebuilds each signature base from what arrived, checks
 * the key, the algorithm, `created`/`expires`, the required components and the signature
 * (node:crypto), and that a Content-Digest is the digest of the body that arrived.
 */
export function verifyHttpSignature(
  request: ReceivedRequest,
  options: HttpSignatureVerifierOptions,
): HttpSignatureVerdict {
  const digest = checkContentDigest(request)
  if (digest !== 'matched' && digest !== 'absent') return fail(digest)
  const inputs = fieldLines(request, 'signature-input')
  const values = fieldLines(request, 'signature')
  if (inputs.length === 0 || values.length === 0) return fail('no Signature-Input or no Signature')
  let input: Record<string, Item>
  let signatures: Record<string, Item>
  try {
    input = decodeDict(inputs.join(', ')) as Record<string, Item>
    signatures = decodeDict(values.join(', ')) as Record<string, Item>
  } catch {
    return fail('Signature-Input or Signature is not a valid dictionary')
  }
  const labels = Object.keys(input)
  if (labels.length === 0 || labels.join() !== Object.keys(signatures).join())
    return fail('Signature-Input and Signature do not name the same labels')
  const verified: VerifiedSignature[] = []
  for (const label of labels) {
    const result = verifyOne(
      request,
      label,
      input[label] as Item,
      signatures[label] as Item,
      options,
    )
    if (typeof result === 'string') return fail(`${label}: ${result}`)
    if ('reason' in result) return fail(`${label}: ${result.reason}`, result.base)
    verified.push(result)
  }
  return { ok: true, signatures: verified, contentDigest: digest }
}

function verifyOne(
  request: ReceivedRequest,
  label: string,
  member: Item,
  signature: Item,
  options: HttpSignatureVerifierOptions,
): VerifiedSignature | string | { reason: string; base: string } {
  if (!Array.isArray(member.value)) return 'the Signature-Input member is not an inner list'
  if (!(signature.value instanceof Uint8Array)) return 'the Signature member is not a byte sequence'
  const params = (member.params ?? {}) as Record<string, unknown>
  const { keyid, created, expires, alg } = params
  if (typeof keyid !== 'string') return 'no keyid'
  const key = options.keys[keyid]
  if (key === undefined) return `unknown keyid ${keyid}`
  if (alg !== undefined && alg !== key.algorithm) return `alg ${String(alg)} is not the key's`
  const now = Math.floor((options.now ?? Date.now)() / 1000)
  if (!Number.isInteger(created)) return 'no created'
  if ((created as number) > now + SKEW_SECONDS) return 'created is in the future'
  if (now - (created as number) > (options.maxAge ?? 300)) return 'created is too old'
  if (expires !== undefined && (!Number.isInteger(expires) || (expires as number) <= now))
    return 'the signature has expired'
  const items = member.value as Item[]
  const names = items.map((item) => item.value)
  if (names.some((name) => typeof name !== 'string')) return 'a component is not a string'
  const serialized = items.map((item) => encodeItem(item))
  if (new Set(serialized).size !== serialized.length) return 'a component is covered twice'
  for (const required of options.required ?? []) {
    if (!names.includes(required)) return `${required} is not covered`
  }
  const lines: string[] = []
  try {
    for (const item of items) {
      const component = {
        name: item.value as string,
        params: (item.params ?? {}) as Record<string, unknown>,
      }
      lines.push(
        `${encodeItem(item)}: ${componentValue(request, component, options.fieldTypes ?? {})}`,
      )
    }
  } catch (error) {
    if (error instanceof ComponentError) return error.message
    return 'a component value could not be derived'
  }
  lines.push(`"@signature-params": ${serializeInnerList(member)}`)
  const base = lines.join('\n')
  if (!checkSignature(key, Buffer.from(base, 'latin1'), Buffer.from(signature.value))) {
    return { reason: 'signature mismatch', base }
  }
  return { label, keyid, components: serialized, params, base }
}

function checkSignature(known: VerifierKey, data: Buffer, signature: Buffer): boolean {
  if (known.algorithm === 'hmac-sha256') {
    if (!(known.key instanceof Uint8Array)) return false
    const expected = createHmac('sha256', known.key).update(data).digest()
    return expected.length === signature.length && timingSafeEqual(expected, signature)
  }
  if (known.key instanceof Uint8Array) return false
  const key =
    known.key instanceof KeyObject && known.key.type === 'public'
      ? known.key
      : createPublicKey(known.key)
  switch (known.algorithm) {
    case 'ed25519':
      return verify(null, data, key, signature)
    case 'ecdsa-p256-sha256':
      return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)
    case 'ecdsa-p384-sha384':
      return verify('sha384', data, { key, dsaEncoding: 'ieee-p1363' }, signature)
    case 'rsa-pss-sha512':
      return verify(
        'sha512',
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 },
        signature,
      )
    case 'rsa-v1_5-sha256':
      return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, signature)
  }
}

/** RFC 9530: every digest of a known algorithm must be the digest of the body received. */
function checkContentDigest(request: ReceivedRequest): 'matched' | 'absent' | string {
  const lines = fieldLines(request, 'content-digest')
  if (lines.length === 0) return 'absent'
  let digests: Record<string, Item>
  try {
    digests = decodeDict(lines.join(', ')) as Record<string, Item>
  } catch {
    return 'Content-Digest is not a valid dictionary'
  }
  let known = 0
  for (const [algorithm, item] of Object.entries(digests)) {
    const hash = DIGESTS[algorithm]
    if (hash === undefined) continue
    known++
    const expected = createHash(hash).update(request.body).digest()
    if (!(item.value instanceof Uint8Array) || !expected.equals(Buffer.from(item.value)))
      return `Content-Digest ${algorithm} is not the digest of the body received`
  }
  return known > 0 ? 'matched' : 'Content-Digest has no sha-256 or sha-512 member'
}

function fail(reason: string, base?: string): HttpSignatureVerdict {
  return base === undefined ? { ok: false, reason } : { ok: false, reason, base }
}
