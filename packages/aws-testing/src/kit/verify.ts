import { createHmac, timingSafeEqual } from 'node:crypto'
import { canonicalRequest, type ReceivedRequest, sha256Hex } from './canonical.js'

/** A key the verifying server knows. */
export interface SigV4Key {
  /** The secret the signature must be made with. */
  readonly secretAccessKey: string
  /** Temporary credentials: requests must carry this `x-amz-security-token`. */
  readonly sessionToken?: string
}

/** What {@link verifySigV4} checks a request against. */
export interface SigV4VerifierOptions {
  /** The region the credential scope must name. */
  readonly region: string
  /** The service signing name the credential scope must name (`s3`, `execute-api`). */
  readonly service: string
  /** The keys the server knows, by access key id. */
  readonly keys: Readonly<Record<string, SigV4Key>>
  /** Accept `x-amz-content-sha256: UNSIGNED-PAYLOAD` (S3 does). Default false. */
  readonly allowUnsignedPayload?: boolean
  /** The server's clock, for the 15-minute skew check. Default `Date.now`. */
  readonly now?: () => number
}

/** What {@link verifySigV4} concluded. */
export type SigV4Verdict =
  | {
      /** The signature verifies. */
      readonly ok: true
      /** The access key id that signed. */
      readonly accessKeyId: string
      /** The `SignedHeaders` of the signature, lower case. */
      readonly signedHeaders: readonly string[]
      /** Whether the body was signed or sent as `UNSIGNED-PAYLOAD`. */
      readonly payload: 'signed' | 'unsigned'
      /** The canonical request the server computed. */
      readonly canonicalRequest: string
    }
  | {
      /** The request is refused. */
      readonly ok: false
      /** Why, for test failure messages. */
      readonly reason: string
      /** The canonical request computed, when it got that far. */
      readonly canonicalRequest?: string
    }

const ALGORITHM = 'AWS4-HMAC-SHA256'
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'
const MAX_SKEW_MS = 15 * 60 * 1000
const authorizationPattern =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/

/**
 * Checks a received request's SigV4 `Authorization` the way an AWS service does: it
 * canonicalizes what actually arrived, recomputes the signature with the known secret and
 * compares. It also checks the credential scope, the date and its skew, the session
 * token, and that `x-amz-content-sha256` is the hash of the body that arrived.
 */
export function verifySigV4(request: ReceivedRequest, options: SigV4VerifierOptions): SigV4Verdict {
  const header = (name: string) =>
    request.rawHeaders.filter(([key]) => key.toLowerCase() === name).map(([, value]) => value)
  const [authorization, ...extra] = header('authorization')
  if (authorization === undefined || extra.length > 0)
    return fail('expected one Authorization header')
  const match = authorizationPattern.exec(authorization)
  if (match === null)
    return fail(
      'Authorization is not AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...',
    )
  const [, accessKeyId, date, region, service, signedList, signature] = match as unknown as string[]
  const key = options.keys[accessKeyId as string]
  if (key === undefined) return fail(`unknown access key id ${accessKeyId}`)
  if (region !== options.region || service !== options.service) {
    return fail(
      `credential scope is for ${region}/${service}, expected ${options.region}/${options.service}`,
    )
  }
  const amzDate = header('x-amz-date')[0] ?? ''
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== date) {
    return fail('x-amz-date is missing, malformed, or not the day of the credential scope')
  }
  const skew = Math.abs((options.now ?? Date.now)() - parseAmzDate(amzDate))
  if (skew > MAX_SKEW_MS)
    return fail('x-amz-date is more than 15 minutes away from the server clock')
  const signedHeaders = (signedList as string).split(';')
  const sorted = [...signedHeaders].sort()
  if (signedHeaders.some((name, i) => name !== sorted[i] || name === sorted[i - 1])) {
    return fail('SignedHeaders is not sorted and unique')
  }
  for (const required of ['host', 'x-amz-date']) {
    if (!signedHeaders.includes(required)) return fail(`${required} is not signed`)
  }
  const token = header('x-amz-security-token')
  if (
    (key.sessionToken === undefined) !== (token.length === 0) ||
    (token.length > 0 && token[0] !== key.sessionToken)
  ) {
    return fail('x-amz-security-token does not match the credentials')
  }
  const bodyHash = sha256Hex(request.body)
  const declared = header('x-amz-content-sha256')[0]
  if (declared !== undefined && !signedHeaders.includes('x-amz-content-sha256')) {
    return fail('x-amz-content-sha256 is sent but not signed')
  }
  if (declared === UNSIGNED_PAYLOAD && !options.allowUnsignedPayload) {
    return fail('UNSIGNED-PAYLOAD is not accepted here')
  }
  if (declared !== undefined && declared !== UNSIGNED_PAYLOAD && declared !== bodyHash) {
    return fail('x-amz-content-sha256 is not the SHA-256 of the body received')
  }
  const s3 = options.service === 's3'
  const canonical = canonicalRequest(request, signedHeaders, declared ?? bodyHash, s3)
  if (canonical.missing.length > 0) {
    return fail(`signed headers not received: ${canonical.missing.join(', ')}`, canonical.text)
  }
  const scope = `${date}/${region}/${service}/aws4_request`
  const expected = signatureOf(key.secretAccessKey, amzDate, scope, canonical.text)
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature as string))) {
    return fail('signature mismatch', canonical.text)
  }
  return {
    ok: true,
    accessKeyId: accessKeyId as string,
    signedHeaders,
    payload: declared === UNSIGNED_PAYLOAD ? 'unsigned' : 'signed',
    canonicalRequest: canonical.text,
  }
}

/** The string to sign for a canonical request. */
export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n')
}

/** HMAC-SHA256 of the string to sign, under the key derived for the scope's date, region and service. */
export function signatureOf(
  secretAccessKey: string,
  amzDate: string,
  scope: string,
  canonical: string,
): string {
  const [date, region, service] = scope.split('/') as [string, string, string]
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, date)
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part)
  return hmac(key, stringToSign(amzDate, scope, canonical)).toString('hex')
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest()
}

function parseAmzDate(value: string): number {
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(
    value,
  ) as unknown as string[]
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
}

function fail(reason: string, canonicalRequest?: string): SigV4Verdict {
  return canonicalRequest === undefined
    ? { ok: false, reason }
    : { ok: false, reason, canonicalRequest }
}
