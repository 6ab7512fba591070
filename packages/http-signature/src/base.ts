import { type BareItem, serializeInnerList, serializeItem } from 'structured-headers'
import type { ComponentId, StructuredType } from './components.js'
import { componentValue, type SignedMessage } from './derive.js'
import { unsignable } from './errors.js'

/** The signature parameters, serialized in this order when present (RFC 9421 section 2.3). */
export interface SignatureParams {
  readonly created?: number
  readonly expires?: number
  readonly keyid?: string
  readonly alg?: string
  readonly nonce?: string
  readonly tag?: string
}

const PARAM_ORDER = ['created', 'expires', 'keyid', 'alg', 'nonce', 'tag'] as const

export interface SignatureBase {
  /** The bytes signed: one line per component, then `"@signature-params"`. */
  readonly base: string
  /** The `@signature-params` value, which is also the Signature-Input member's value. */
  readonly signatureParams: string
}

/** Section 2.5: the signature base of `message` for these components and parameters. */
export function signatureBase(
  message: SignedMessage,
  components: readonly ComponentId[],
  params: SignatureParams,
  structuredFields: Readonly<Record<string, StructuredType>>,
): SignatureBase {
  const lines = components.map((id) => {
    const value = componentValue(message, id, structuredFields)
    // US-ASCII only (section 2.5); a field with other bytes can still be covered with `bs`.
    if (!/^[\x20-\x7e]*$/.test(value)) {
      throw unsignable(`the value of "${id.name}" is not printable US-ASCII: cover it with bs`)
    }
    return `${serializeItem(id.name, id.params)}: ${value}`
  })
  const parameters = new Map<string, BareItem>()
  for (const name of PARAM_ORDER) {
    const value = params[name]
    if (value !== undefined) parameters.set(name, value)
  }
  const signatureParams = serializeInnerList([
    components.map((id) => [id.name, id.params] as [BareItem, Map<string, BareItem>]),
    parameters,
  ])
  lines.push(`"@signature-params": ${signatureParams}`)
  return { base: lines.join('\n'), signatureParams }
}
