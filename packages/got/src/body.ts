import { Readable } from 'node:stream'
import type { AuthBody } from '@latchkey/core/adapter'
import { bytesBody, oneShotBody } from '@latchkey/core/adapter'
import type { HookOptions as Options } from './options.js'

/**
 * got's body after it serialized `json`, `form` or FormData, as a resendable body.
 *
 * got encodes FormData into a one-shot generator; it is buffered here once, before the
 * first send, so a retry resends the same bytes under the same boundary instead of an
 * exhausted generator. Other streams stay one-shot.
 */
export async function normalizeBody(options: Options): Promise<AuthBody | null> {
  const body: unknown = options.body
  if (body === undefined || body === null) return null
  if (typeof body === 'string') return bytesBody(body, body)
  if (body instanceof Uint8Array) return bytesBody(body, body)
  if (isEncodedFormData(body, options)) {
    const chunks: Uint8Array[] = []
    for await (const chunk of body)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
    const bytes = Buffer.concat(chunks)
    options.body = bytes
    return bytesBody(bytes, bytes)
  }
  return oneShotBody(body)
}

function isEncodedFormData(
  body: unknown,
  options: Options,
): body is AsyncIterable<Uint8Array | string> {
  const type = options.headers['content-type']
  return (
    typeof type === 'string' &&
    /^multipart\/form-data/i.test(type) &&
    !(body instanceof Readable) &&
    typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
  )
}
