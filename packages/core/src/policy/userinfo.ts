import { AuthError } from '../errors/auth-error.js'
import { CREDENTIALS_IN_URL } from '../errors/codes.js'

/**
 * Refuses a request URL with userinfo (`http://user:pass@host/`): clients turn it into a
 * Basic header of their own, past Latchkey's policy (scope, transport check), and some
 * print it in their errors. The message names the host, never the userinfo.
 */
export function assertNoUserinfo(url: URL): void {
  if (url.username === '' && url.password === '') return
  throw new AuthError(
    CREDENTIALS_IN_URL,
    `${url.host}: the request URL carries userinfo, which the client would send as a Basic header past Latchkey's policy; use basic() or set the Authorization header`,
  )
}
