import type { BareItem, Parameters } from 'structured-headers'
import { invalid } from './errors.js'

/**
 * A covered component, as configured: a derived component (`'@method'`) or a field name
 * (`'content-type'`), or an object with RFC 9421's parameters:
 *
 * - `{ component: '@query-param', name: 'Pet' }`: one query parameter, its name as it
 *   appears (encoded) in the URL.
 * - `{ component: 'example-dict', key: 'a' }`: one member of a Dictionary field.
 * - `{ component: 'example-dict', sf: true }`: the field re-serialized as a structured
 *   field (its type must be known: see `structuredFields`).
 * - `{ component: 'example-header', bs: true }`: the field's value as a byte sequence.
 *
 * `req` (a request's component inside a response's signature) and `tr` (trailers) do not
 * apply to requests, and are refused.
 */
export type ComponentInput =
  | string
  | {
      /** A field name (lower case) or a derived component (`@query-param`, ...). */
      readonly component: string
      /** For `@query-param`: the parameter's name, as encoded in the URL. */
      readonly name?: string
      /** One member of a Dictionary field, by key. */
      readonly key?: string
      /** The field re-serialized as a structured field. */
      readonly sf?: boolean
      /** The field's value as a byte sequence. */
      readonly bs?: boolean
      /** Responses only: refused. */
      readonly req?: boolean
      /** Trailers: refused. */
      readonly tr?: boolean
    }

/** A component identifier: its name and its parameters, in the order they are serialized. */
export interface ComponentId {
  readonly name: string
  readonly params: Parameters
}

/** The structured-field type (RFC 8941) of a field covered with `sf` or `key`. */
export type StructuredType = 'item' | 'list' | 'dictionary'

/** The derived components a request has (RFC 9421 section 2.2; `@status` is a response's). */
export const REQUEST_DERIVED = new Set([
  '@method',
  '@target-uri',
  '@authority',
  '@scheme',
  '@request-target',
  '@path',
  '@query',
  '@query-param',
])

/** Structured request fields whose type their RFCs define, for `sf` without configuration. */
export const KNOWN_STRUCTURED_FIELDS: Readonly<Record<string, StructuredType>> = {
  'content-digest': 'dictionary',
  'repr-digest': 'dictionary',
  'want-content-digest': 'dictionary',
  'want-repr-digest': 'dictionary',
  'accept-signature': 'dictionary',
  priority: 'dictionary',
  'cache-control': 'dictionary',
  'client-cert': 'item',
  'client-cert-chain': 'list',
  'signature-agent': 'dictionary',
}

/** The signature's own fields: set after the base is built, so never part of it. */
const OWN_FIELDS = new Set(['signature', 'signature-input'])
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/

/**
 * Validates one configured (or requested) component and returns its identifier. Throws
 * `INVALID_CONFIG` for what RFC 9421 does not allow on a request, or what this signer
 * cannot derive.
 */
export function componentId(
  input: ComponentInput,
  structuredFields: Readonly<Record<string, StructuredType>>,
): ComponentId {
  const spec = typeof input === 'string' ? { component: input } : input
  if (typeof spec !== 'object' || spec === null || typeof spec.component !== 'string') {
    throw invalid('each component is a name ("@method", "content-type") or { component, ... }')
  }
  const { component, name, key, sf, bs, req, tr } = spec
  if (req !== undefined)
    throw invalid(`"req" applies to responses, not to a request (${component})`)
  if (tr !== undefined)
    throw invalid(`"tr" (trailers) is not supported: clients send no trailers (${component})`)
  const params: Parameters = new Map<string, BareItem>()
  if (component.startsWith('@')) {
    if (component === '@status') throw invalid('"@status" is a response component')
    if (component === '@signature-params')
      throw invalid('"@signature-params" is never a covered component')
    if (!REQUEST_DERIVED.has(component)) throw invalid(`unknown derived component "${component}"`)
    if (key !== undefined || sf !== undefined || bs !== undefined)
      throw invalid(`"key", "sf" and "bs" apply to fields, not to "${component}"`)
    if (component === '@query-param') {
      if (typeof name !== 'string' || name === '')
        throw invalid(
          '"@query-param" needs the parameter\'s name: { component: "@query-param", name }',
        )
      params.set('name', name)
    } else if (name !== undefined) {
      throw invalid(`"name" applies to "@query-param" only, not to "${component}"`)
    }
    return { name: component, params }
  }
  const field = component.toLowerCase()
  if (!FIELD_NAME.test(field)) throw invalid(`"${component}" is not a field name`)
  if (OWN_FIELDS.has(field))
    throw invalid(`"${field}" is where the signature goes: it cannot cover itself`)
  if (name !== undefined) throw invalid(`"name" applies to "@query-param" only, not to "${field}"`)
  if (bs !== undefined && bs !== true) throw invalid('"bs" is true or absent')
  if (sf !== undefined && sf !== true) throw invalid('"sf" is true or absent')
  if (bs && (sf || key !== undefined))
    throw invalid(`"bs" cannot be combined with "sf" or "key" (${field})`)
  if (key !== undefined) {
    if (typeof key !== 'string' || !/^[a-z*][a-z0-9_\-.*]*$/.test(key))
      throw invalid(`"key" must be a dictionary key (lower case) for "${field}"`)
    params.set('key', key)
  }
  if (sf) {
    if (structuredFields[field] === undefined)
      throw invalid(`"sf" needs the type of "${field}": add it to structuredFields`)
    params.set('sf', true)
  }
  if (bs) params.set('bs', true)
  return { name: field, params }
}

/** Validates a whole list: no identifier twice (RFC 9421 section 2.5). */
export function componentIds(
  inputs: readonly ComponentInput[],
  structuredFields: Readonly<Record<string, StructuredType>>,
): ComponentId[] {
  if (!Array.isArray(inputs)) throw invalid('components must be an array')
  const ids = inputs.map((input) => componentId(input, structuredFields))
  const seen = new Set<string>()
  for (const id of ids) {
    const text = `${id.name};${[...id.params].map(([k, v]) => `${k}=${String(v)}`).join(';')}`
    if (seen.has(text)) throw invalid(`"${id.name}" is covered twice`)
    seen.add(text)
  }
  return ids
}
