import { AuthError } from '../errors/auth-error.js'
import { BODY_NOT_REPLAYABLE } from '../errors/codes.js'
import type { AuthBody } from './types.js'

const encoder = new TextEncoder()

/** A body whose bytes are known and can be sent any number of times. */
export function replayableBody(source: unknown, bytes: () => Promise<Uint8Array>): AuthBody {
  let cached: Promise<Uint8Array> | undefined
  return {
    replayable: true,
    source,
    bytes: () => {
      cached ??= bytes()
      return cached
    },
  }
}

/** A string or byte body: replayable, bytes known up front. */
export function bytesBody(source: unknown, content: string | Uint8Array): AuthBody {
  return replayableBody(source, async () =>
    typeof content === 'string' ? encoder.encode(content) : content,
  )
}

/** A one-shot stream: sent once, never hashed, never sent again. */
export function oneShotBody(source: unknown): AuthBody {
  return {
    replayable: false,
    source,
    bytes: () =>
      Promise.reject(new AuthError(BODY_NOT_REPLAYABLE, 'The request body is a one-shot stream')),
  }
}

/**
 * Encodes a FormData once, so a resent request carries the same bytes and boundary
 * (every encoding picks a new boundary).
 */
export async function encodeFormData(form: FormData): Promise<{
  /** The encoded multipart body. */
  bytes: Uint8Array
  /** The `content-type` to send with it, boundary included. */
  contentType: string
}> {
  const encoded = new Response(form)
  const bytes = new Uint8Array(await encoded.arrayBuffer())
  return { bytes, contentType: encoded.headers.get('content-type') ?? 'multipart/form-data' }
}
