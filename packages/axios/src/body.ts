import type { AuthBody } from '@latchkey/core/adapter'
import { bytesBody, encodeFormData, oneShotBody, replayableBody } from '@latchkey/core/adapter'

export interface NormalizedData {
  readonly body: AuthBody | null
  /** The content type a FormData encoding requires (it carries the boundary). */
  readonly contentType?: string
}

/**
 * axios `data` as the adapter receives it (after `transformRequest`), made resendable
 * byte for byte. Node streams and unknown objects are one-shot.
 */
export async function normalizeData(data: unknown): Promise<NormalizedData> {
  if (data === undefined || data === null) return { body: null }
  if (typeof data === 'string') return { body: bytesBody(data, data) }
  if (data instanceof ArrayBuffer) return { body: bytesBody(data, new Uint8Array(data)) }
  if (ArrayBuffer.isView(data)) {
    return { body: bytesBody(data, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) }
  }
  if (data instanceof URLSearchParams) return { body: bytesBody(data, data.toString()) }
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    return { body: replayableBody(data, async () => new Uint8Array(await data.arrayBuffer())) }
  }
  if (typeof FormData !== 'undefined' && data instanceof FormData) {
    const { bytes, contentType } = await encodeFormData(data)
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
    return { body: bytesBody(buffer, bytes), contentType }
  }
  return { body: oneShotBody(data) }
}
