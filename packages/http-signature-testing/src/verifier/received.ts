import {
  decodeDict,
  decodeItem,
  decodeList,
  encodeDict,
  encodeItem,
  encodeList,
  Item,
  serializeInnerList,
} from 'structured-field-values'

/**
 * RFC 9421 component values of a request as a server received it, written from the RFC
 * without any code of the signer (and with another structured-fields library), so it can
 * judge the signer.
 */

/** A request as it arrived. */
export interface ReceivedRequest {
  /** `http` or `https`: how the server was reached. */
  readonly scheme: string
  /** The request method. */
  readonly method: string
  /** Path and query exactly as on the request line. */
  readonly target: string
  /** Every field line in order, names as sent. */
  readonly rawHeaders: readonly (readonly [string, string])[]
  /** The body bytes that arrived. */
  readonly body: Uint8Array
}

/** The structured-field type (RFC 8941) of a field covered with `sf` or `key`. */
export type FieldType = 'item' | 'list' | 'dictionary'

/** One covered component as Signature-Input lists it: a name and its parameters. */
export interface CoveredComponent {
  /** The component name: a field name or a derived component (`@method`). */
  readonly name: string
  /** Its parameters (`name`, `sf`, `key`, `bs`). */
  readonly params: Readonly<Record<string, unknown>>
}

export class ComponentError extends Error {}

/** The value lines of a field, each trimmed (RFC 9110: leading and trailing whitespace is not part of it). */
export function fieldLines(request: ReceivedRequest, name: string): string[] {
  return request.rawHeaders
    .filter(([key]) => key.toLowerCase() === name)
    .map(([, value]) => value.replace(/^[ \t]+|[ \t]+$/g, ''))
}

/**
 * The value of one covered component of `request`, as it goes into the signature base;
 * `types` gives the structured type of fields covered with `sf` or `key`.
 *
 * @throws `ComponentError` for a parameter that does not apply, or a component the request
 *   lacks (no such field or member, not exactly one Host, an unknown derived component).
 */
export function componentValue(
  request: ReceivedRequest,
  component: CoveredComponent,
  types: Readonly<Record<string, FieldType>>,
): string {
  const { name, params } = component
  for (const param of Object.keys(params)) {
    const allowed =
      name === '@query-param' ? ['name'] : name.startsWith('@') ? [] : ['sf', 'key', 'bs']
    if (!allowed.includes(param)) throw new ComponentError(`parameter ${param} on ${name}`)
  }
  const question = request.target.indexOf('?')
  const path = question < 0 ? request.target : request.target.slice(0, question)
  const query = question < 0 ? undefined : request.target.slice(question + 1)
  const host = fieldLines(request, 'host')
  if (host.length !== 1) throw new ComponentError('expected exactly one Host')
  const authority = (host[0] as string).toLowerCase()
  switch (name) {
    case '@method':
      return request.method
    case '@scheme':
      return request.scheme
    case '@authority':
      return authority
    case '@target-uri':
      return `${request.scheme}://${authority}${request.target}`
    case '@request-target':
      return request.target
    case '@path':
      return path === '' ? '/' : path
    case '@query':
      return `?${query ?? ''}`
    case '@query-param':
      return queryParam(query ?? '', String(params.name))
  }
  if (name.startsWith('@')) throw new ComponentError(`unknown derived component ${name}`)
  const lines = fieldLines(request, name)
  if (lines.length === 0) throw new ComponentError(`no ${name} field`)
  if (params.bs === true) {
    return lines.map((line) => `:${Buffer.from(line, 'latin1').toString('base64')}:`).join(', ')
  }
  const combined = lines.join(', ')
  if (typeof params.key === 'string') {
    const member = (decodeDict(combined) as Record<string, Item>)[params.key]
    if (member === undefined) throw new ComponentError(`no member ${params.key} in ${name}`)
    return Array.isArray(member.value) ? serializeInnerList(member) : encodeItem(member)
  }
  if (params.sf === true) {
    const type = types[name]
    if (type === 'dictionary') return encodeDict(decodeDict(combined))
    if (type === 'list') return encodeList(decodeList(combined))
    if (type === 'item') return encodeItem(decodeItem(combined))
    throw new ComponentError(`the verifier does not know the type of ${name}`)
  }
  return combined
}

/** Section 2.2.8, from the WHATWG form parser's rules and the form-urlencoded percent-encode set. */
function queryParam(query: string, name: string): string {
  const values: string[] = []
  for (const pair of query.split('&')) {
    if (pair === '') continue
    const equals = pair.indexOf('=')
    const key = formDecode(equals < 0 ? pair : pair.slice(0, equals))
    const value = formDecode(equals < 0 ? '' : pair.slice(equals + 1))
    if (formEncode(key) === name) values.push(formEncode(value))
  }
  if (values.length !== 1)
    throw new ComponentError(`query parameter ${name} occurs ${values.length} times`)
  return values[0] as string
}

function formDecode(text: string): string {
  const bytes: number[] = []
  const raw = Buffer.from(text.replace(/\+/g, ' '), 'utf8')
  for (let i = 0; i < raw.length; i++) {
    const hex = raw.subarray(i + 1, i + 3).toString('latin1')
    if (raw[i] === 0x25 && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16))
      i += 2
    } else {
      bytes.push(raw[i] as number)
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

function formEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      (byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      [0x2a, 0x2d, 0x2e, 0x5f].includes(byte)
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('')
}

export { Item }
