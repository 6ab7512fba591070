import type { AuthResponse } from '@latchkey/core/strategy'

export {
  driveFlow as drain,
  firstRequest,
  networkFlowContext as context,
  rejection,
  testRequest as request,
} from '@latchkey/core/testing'

export function response(status: number, headers: HeadersInit = {}): AuthResponse {
  return { status, headers: new Headers(headers) }
}
