import { isAuthError } from '@latchkey/core'
import { type BareItem, isInnerList, parseDictionary, Token } from 'structured-headers'
import {
  type ComponentId,
  type ComponentInput,
  componentIds,
  type StructuredType,
} from './components.js'

/** What a responder asked to be signed, for one label (RFC 9421 section 5.1). */
export interface RequestedSignature {
  readonly label: string
  readonly components: readonly ComponentId[]
  readonly created: boolean
  readonly expires: boolean
  readonly alg: boolean
  /** A nonce the responder chose, or `true` for one of ours. */
  readonly nonce: string | boolean
  readonly tag: string | undefined
}

export interface SignerIdentity {
  readonly keyId: string
  readonly algorithm: string
  readonly structuredFields: Readonly<Record<string, StructuredType>>
}

/** A hostile responder could ask for any number of signatures: more than this is refused. */
const MAX_REQUESTED = 4
const COMPONENT_PARAMS = new Set(['name', 'key', 'sf', 'bs', 'req', 'tr'])

/**
 * Reads an `Accept-Signature` field. Returns every requested signature when this signer
 * can give them all (its key id and algorithm, if named; components a request has;
 * parameters it knows), else `undefined`: the target message must carry every one
 * (section 5.2), so a partial answer is none.
 */
export function requestedSignatures(
  header: string,
  signer: SignerIdentity,
): RequestedSignature[] | undefined {
  let dictionary: ReturnType<typeof parseDictionary>
  try {
    dictionary = parseDictionary(header)
  } catch {
    return undefined
  }
  if (dictionary.size === 0 || dictionary.size > MAX_REQUESTED) return undefined
  const requested: RequestedSignature[] = []
  for (const [label, member] of dictionary) {
    if (!isInnerList(member)) return undefined
    const [items, params] = member
    const inputs: ComponentInput[] = []
    for (const [value, itemParams] of items) {
      if (typeof value !== 'string') return undefined
      const input = componentInput(value, itemParams)
      if (input === undefined) return undefined
      inputs.push(input)
    }
    let components: ComponentId[]
    try {
      components = componentIds(inputs, signer.structuredFields)
    } catch (error) {
      if (isAuthError(error)) return undefined
      throw error
    }
    const wanted = signatureParams(params, signer)
    if (wanted === undefined) return undefined
    requested.push({ label, components, ...wanted })
  }
  return requested
}

function componentInput(
  component: string,
  params: Map<string, BareItem>,
): ComponentInput | undefined {
  const input: Record<string, unknown> = { component }
  for (const [name, value] of params) {
    if (!COMPONENT_PARAMS.has(name)) return undefined
    input[name] = value
  }
  return input as ComponentInput
}

function signatureParams(
  params: Map<string, BareItem>,
  signer: SignerIdentity,
): Omit<RequestedSignature, 'label' | 'components'> | undefined {
  const wanted = {
    created: false,
    expires: false,
    alg: false,
    nonce: false as string | boolean,
    tag: undefined as string | undefined,
  }
  for (const [name, value] of params) {
    const text = value instanceof Token ? value.toString() : value
    switch (name) {
      case 'keyid':
        if (text !== signer.keyId) return undefined
        break
      case 'alg':
        if (text !== signer.algorithm) return undefined
        wanted.alg = true
        break
      case 'created':
        wanted.created = true
        break
      case 'expires':
        wanted.expires = true
        break
      case 'nonce':
        if (typeof text !== 'string' && text !== true) return undefined
        wanted.nonce = text
        break
      case 'tag':
        if (typeof text !== 'string') return undefined
        wanted.tag = text
        break
      default:
        return undefined
    }
  }
  return wanted
}
