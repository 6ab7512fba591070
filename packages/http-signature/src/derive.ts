import { isAuthError } from '@latchkey/core'
import {
  type InnerList,
  type Item,
  isInnerList,
  parseDictionary,
  parseItem,
  parseList,
  serializeDictionary,
  serializeInnerList,
  serializeItem,
  serializeList,
} from 'structured-headers'
import type { ComponentId, StructuredType } from './components.js'
import { unsignable } from './errors.js'

/** What a signature covers of a request: as the client will send it. */
export interface SignedMessage {
  readonly method: string
  readonly url: URL
  readonly headers: Headers
}

const utf8 = new TextEncoder()
/** The bytes "percent-encode after encoding" leaves alone with the form-urlencoded set. */
const FORM_SAFE = /^[A-Za-z0-9*\-._]$/

/** The component value of `id` in `message` (RFC 9421 sections 2.1 and 2.2). */
export function componentValue(
  message: SignedMessage,
  id: ComponentId,
  structuredFields: Readonly<Record<string, StructuredType>>,
): string {
  const { url } = message
  switch (id.name) {
    case '@method':
      return message.method
    case '@target-uri':
      return `${url.protocol}//${url.host}${url.pathname}${rawQuery(url) ?? ''}`
    case '@authority':
      return url.host
    case '@scheme':
      return url.protocol.slice(0, -1)
    case '@request-target':
      return `${path(url)}${rawQuery(url) ?? ''}`
    case '@path':
      return path(url)
    case '@query':
      return rawQuery(url) ?? '?'
    case '@query-param':
      return queryParam(url, String(id.params.get('name')))
  }
  return fieldValue(message.headers, id, structuredFields)
}

/** The query as on the request line, with its `?` (WHATWG `search` drops a lone `?`). */
function rawQuery(url: URL): string | undefined {
  const href = url.href.split('#', 1)[0] as string
  const question = href.indexOf('?')
  return question < 0 ? undefined : href.slice(question)
}

function path(url: URL): string {
  return url.pathname === '' ? '/' : url.pathname
}

/**
 * Section 2.2.8: the query parsed as a form (a `+` is a space, escapes decoded), names and
 * values encoded again with the form-urlencoded set and `%20` for a space. A name that is
 * absent, or present more than once, cannot be signed.
 */
function queryParam(url: URL, name: string): string {
  const query = rawQuery(url)?.slice(1) ?? ''
  const values = [...new URLSearchParams(query)]
    .filter(([key]) => formEncode(key) === name)
    .map(([, value]) => formEncode(value))
  if (values.length === 0) throw unsignable(`the query has no parameter "${name}" to sign`)
  if (values.length > 1)
    throw unsignable(
      `the query has "${name}" more than once: sign "@query" instead (RFC 9421 section 2.2.8)`,
    )
  return values[0] as string
}

export function formEncode(text: string): string {
  let out = ''
  for (const byte of utf8.encode(text)) {
    const char = String.fromCharCode(byte)
    out += FORM_SAFE.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/**
 * Section 2.1: the field's lines combined with `, ` and trimmed (a `Headers` object
 * already holds them so), then as `sf`, `key` or `bs` say.
 */
function fieldValue(
  headers: Headers,
  id: ComponentId,
  structuredFields: Readonly<Record<string, StructuredType>>,
): string {
  const value = headers.get(id.name)
  if (value === null) throw unsignable(`the request has no "${id.name}" header to sign`)
  if (id.params.get('bs') === true) {
    // Header values are byte strings: each character is one byte of the field line.
    return `:${btoa(value)}:`
  }
  const key = id.params.get('key')
  try {
    if (typeof key === 'string') {
      const member = parseDictionary(value).get(key)
      if (member === undefined)
        throw unsignable(`the "${id.name}" dictionary has no member "${key}"`)
      return serializeMember(member)
    }
    if (id.params.get('sf') === true) return reserialize(value, structuredFields[id.name] ?? 'item')
  } catch (error) {
    if (isAuthError(error)) throw error
    throw unsignable(`the "${id.name}" header is not a valid structured field`)
  }
  return value
}

function serializeMember(member: Item | InnerList): string {
  return isInnerList(member) ? serializeInnerList(member) : serializeItem(member)
}

function reserialize(value: string, type: StructuredType): string {
  switch (type) {
    case 'dictionary':
      return serializeDictionary(parseDictionary(value))
    case 'list':
      return serializeList(parseList(value))
    case 'item':
      return serializeItem(parseItem(value))
  }
}
