import type { AuthResponse } from './types.js'

/**
 * A response view whose headers are converted from the client's own form only when a
 * strategy reads them: most responses (a 200 to a static credential) never need them.
 * `peekText` is the client's way to show the body without taking it from the caller.
 */
export function lazyResponse(
  status: number,
  headers: () => Headers,
  peekText?: (limit: number) => Promise<string>,
): AuthResponse {
  let converted: Headers | undefined
  return {
    status,
    get headers() {
      converted ??= headers()
      return converted
    },
    ...(peekText !== undefined && { peekText }),
  }
}
