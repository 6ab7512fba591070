import { AuthError } from '../errors/auth-error.js'
import { INSECURE_TRANSPORT } from '../errors/codes.js'
import { isLoopback } from './origin.js'

/** Refuses to put credentials on plain http to another machine, before a byte is sent. */
export function assertSecureTransport(
  url: URL,
  allowInsecureHttp: boolean,
  strategy: string,
): void {
  if (url.protocol === 'https:' || allowInsecureHttp) return
  if (url.protocol === 'http:' && isLoopback(url)) return
  throw new AuthError(
    INSECURE_TRANSPORT,
    `${strategy}: refusing to send credentials over ${url.protocol.slice(0, -1)} to ${url.host}; use https, or set allowInsecureHttp: true`,
  )
}
