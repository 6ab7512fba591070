import { AuthError } from '../errors/auth-error.js'
import { RESPONSE_TOO_LARGE } from '../errors/codes.js'

/** Statuses a Response cannot be built with a body for. */
const nullBodyStatuses = new Set([101, 103, 204, 205, 304])

/** The methods of a Response that read its whole body. */
const readers = ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'] as const

/**
 * `response` with a body that cannot be read past `limit` bytes, for responses Latchkey
 * (or a login callback) reads from a server it talks to on its own. A `Content-Length`
 * over the limit fails at once; otherwise bytes are counted as they stream in, and the
 * first chunk past the limit cancels the body (closing the connection) and fails the read
 * with `RESPONSE_TOO_LARGE`. Nothing is buffered here, so an endless body cannot grow
 * memory. Status, headers and URL stay those of `response`.
 */
export function boundedResponse(response: Response, limit: number, what: string): Response {
  const tooLarge = () =>
    new AuthError(RESPONSE_TOO_LARGE, `${what}: the response is larger than ${limit} bytes`, {
      status: response.status,
    })
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > limit) {
    void response.body?.cancel().catch(() => {})
    throw tooLarge()
  }
  const source = response.body
  if (source === null || nullBodyStatuses.has(response.status)) return response
  const reader = source.getReader()
  let received = 0
  let failure: AuthError | undefined
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read()
      if (done) return controller.close()
      received += value.byteLength
      if (received > limit) {
        // Not awaited: cancelling one branch of a tee (a cloned Response) settles only once
        // the other branch is cancelled too, which may be never.
        void reader.cancel().catch(() => {})
        failure = tooLarge()
        return controller.error(failure)
      }
      controller.enqueue(value)
    },
    cancel: (reason) => reader.cancel(reason),
  })
  const bounded = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
  // A Response built by hand has no URL; keep the one the server answered from.
  Object.defineProperty(bounded, 'url', { value: response.url })
  // A browser's text(), json() and the others reject with a TypeError of their own when
  // the body errors (Node.js passes the stream's error on): they rethrow ours instead.
  for (const method of readers) {
    const read = (bounded as unknown as Record<string, unknown>)[method]
    if (typeof read !== 'function') continue
    Object.defineProperty(bounded, method, {
      value: () =>
        read.call(bounded).catch((error: unknown) => {
          throw failure ?? error
        }),
    })
  }
  return bounded
}
