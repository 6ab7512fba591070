import type { AuthResponse } from './types.js'

/**
 * A response view whose headers are converted from the client's own form only when a
 * strategy reads them: most responses (a 200 to a static credential) never need them.
 */
export function lazyResponse(status: number, headers: () => Headers): AuthResponse {
  let converted: Headers | undefined
  return {
    status,
    get headers() {
      converted ??= headers()
      return converted
    },
  }
}
