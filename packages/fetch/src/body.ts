import type { AuthBody } from '@latchkey/core/adapter'
import { bytesBody, encodeFormData, oneShotBody, replayableBody } from '@latchkey/core/adapter'

export interface NormalizedBody {
  readonly body: AuthBody | null
  /**
   * The content type fetch would add for this body when the caller set none. Set on the
   * request up front so strategies (a request signature) see the headers that are sent.
   */
  readonly contentType?: string
}

/** Turns a fetch body into one Latchkey can resend byte for byte; streams stay one-shot. */
export async function normalizeBody(body: BodyInit | null | undefined): Promise<NormalizedBody> {
  if (body === null || body === undefined) return { body: null }
  if (typeof body === 'string') {
    return { body: bytesBody(body, body), contentType: 'text/plain;charset=UTF-8' }
  }
  if (body instanceof URLSearchParams) {
    return {
      body: bytesBody(body, body.toString()),
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
    }
  }
  if (body instanceof ArrayBuffer) return { body: bytesBody(body, new Uint8Array(body)) }
  if (ArrayBuffer.isView(body)) {
    return { body: bytesBody(body, new Uint8Array(body.buffer, body.byteOffset, body.byteLength)) }
  }
  if (body instanceof Blob) {
    const blob = replayableBody(body, async () => new Uint8Array(await body.arrayBuffer()))
    return body.type ? { body: blob, contentType: body.type } : { body: blob }
  }
  if (body instanceof FormData) {
    const { bytes, contentType } = await encodeFormData(body)
    return { body: bytesBody(bytes, bytes), contentType }
  }
  return { body: oneShotBody(body) }
}

/** A `Request`'s body: read once so it can be resent (ky already tees it for its own retries). */
export async function requestBody(request: Request): Promise<NormalizedBody> {
  if (request.body === null) return { body: null }
  const bytes = new Uint8Array(await request.arrayBuffer())
  const contentType = request.headers.get('content-type')
  return contentType === null
    ? { body: bytesBody(bytes, bytes) }
    : { body: bytesBody(bytes, bytes), contentType }
}
