import type { AuthRequest, FlowContext } from '@latchkey/core/strategy'
import { type Dictionary, serializeDictionary } from 'structured-headers'
import { ALGORITHMS, type SignatureAlgorithm } from './algorithms.js'
import { type SignatureParams, signatureBase } from './base.js'
import type { ComponentId, StructuredType } from './components.js'
import { contentDigest, type DigestAlgorithm } from './content-digest.js'
import { invalid, unsignable } from './errors.js'

/** What sf-strings may hold: printable ASCII. */
export const PRINTABLE = /^[\x20-\x7e]+$/

/** The key and settings every signature of a strategy shares. */
export interface Signer {
  readonly keyId: string
  readonly algorithm: SignatureAlgorithm
  readonly importKey: () => Promise<CryptoKey>
  readonly digest: DigestAlgorithm
  readonly structuredFields: Readonly<Record<string, StructuredType>>
}

/** One signature to put on a request. */
export interface Plan {
  readonly label: string
  readonly components: readonly ComponentId[]
  readonly created: boolean
  /** Seconds after `created`, or none. */
  readonly lifetime: number | undefined
  readonly alg: boolean
  readonly nonce: string | boolean | (() => string)
  readonly tag: string | undefined
}

/**
 * The request with a signature per plan: `Content-Digest` first when one covers it (so
 * the base sees it), then `Signature-Input` and `Signature` holding every label.
 */
export async function signRequest(
  request: AuthRequest,
  ctx: FlowContext,
  signer: Signer,
  plans: readonly Plan[],
): Promise<AuthRequest> {
  const key = await signer.importKey()
  const headers = new Headers(request.headers)
  if (plans.some((plan) => plan.components.some((id) => id.name === 'content-digest'))) {
    headers.set('content-digest', await contentDigest(await bodyBytes(request), signer.digest))
  }
  const message = { method: request.method, url: request.url, headers }
  const now = Math.floor(ctx.clock.now() / 1000)
  const inputs: string[] = []
  const signatures: Dictionary = new Map()
  for (const plan of plans) {
    const params = signatureParams(plan, now, signer)
    const { base, signatureParams: value } = signatureBase(
      message,
      plan.components,
      params,
      signer.structuredFields,
    )
    // The base is printable ASCII (base.ts refuses anything else): one byte per character.
    const bytes = Uint8Array.from(base, (char) => char.charCodeAt(0))
    const signature = await crypto.subtle.sign(ALGORITHMS[signer.algorithm].signParams, key, bytes)
    inputs.push(`${plan.label}=${value}`)
    signatures.set(plan.label, [signature, new Map()])
  }
  headers.set('signature-input', inputs.join(', '))
  headers.set('signature', serializeDictionary(signatures))
  return { ...request, headers }
}

function signatureParams(plan: Plan, now: number, signer: Signer): SignatureParams {
  return {
    ...(plan.created && { created: now }),
    ...(plan.lifetime !== undefined && { expires: now + plan.lifetime }),
    keyid: signer.keyId,
    ...(plan.alg && { alg: signer.algorithm }),
    ...(plan.nonce !== false && { nonce: nonceValue(plan.nonce) }),
    ...(plan.tag !== undefined && { tag: plan.tag }),
  }
}

function nonceValue(nonce: string | true | (() => string)): string {
  if (typeof nonce === 'string') return nonce
  if (nonce === true) {
    const bytes = crypto.getRandomValues(new Uint8Array(16))
    return btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
  }
  const value = nonce()
  if (typeof value !== 'string' || !PRINTABLE.test(value)) {
    throw invalid('the nonce function must return a non-empty string of printable ASCII')
  }
  return value
}

async function bodyBytes(request: AuthRequest): Promise<Uint8Array> {
  if (request.body === null) return new Uint8Array()
  if (!request.body.replayable) {
    throw unsignable(
      'the body is a one-shot stream, which cannot be digested before it is sent; send bytes, a string or a Blob, or leave content-digest out of components',
    )
  }
  return request.body.bytes()
}
