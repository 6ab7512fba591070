import { AuthError } from '../errors/auth-error.js'
import { RESPONSE_TOO_LARGE, UNSUPPORTED } from '../errors/codes.js'
import { boundedResponse } from './bounded-response.js'

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/**
 * A fetch `Response`'s body as text, read from a clone (the caller still reads the
 * original) and never past `limit` bytes: the clone is cancelled at the first chunk over.
 */
export function peekResponseText(response: Response, limit: number): Promise<string> {
  return boundedResponse(response.clone(), limit, 'the response body').text()
}

/**
 * A body the client has already read (axios's `data` before its transforms, got's
 * `rawBody`) as text, refused past `limit` bytes. A stream is not read: it is the
 * caller's, and reading it here would take it from them.
 */
export async function peekBufferedText(data: unknown, limit: number): Promise<string> {
  const text = await asText(data)
  if (encoder.encode(text).byteLength > limit) {
    throw new AuthError(RESPONSE_TOO_LARGE, `the response body is larger than ${limit} bytes`)
  }
  return text
}

async function asText(data: unknown): Promise<string> {
  if (data === undefined || data === null) return ''
  if (typeof data === 'string') return data
  if (data instanceof Uint8Array) return decoder.decode(data)
  if (data instanceof ArrayBuffer) return decoder.decode(new Uint8Array(data))
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.text()
  const streaming = data as { pipe?: unknown; getReader?: unknown }
  if (typeof streaming.pipe === 'function' || typeof streaming.getReader === 'function') {
    throw new AuthError(
      UNSUPPORTED,
      'the response body is a stream the caller reads: Latchkey cannot show it without consuming it',
    )
  }
  // A custom inner adapter may hand back parsed JSON.
  return JSON.stringify(data)
}
