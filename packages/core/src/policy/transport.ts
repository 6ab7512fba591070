import { AuthError } from '../errors/auth-error.js'
import { INSECURE_TRANSPORT } from '../errors/codes.js'
import { observeRefusal } from '../observe/refusal.js'
import { isLoopback } from './origin.js'

/**
 * Refuses to put credentials on plain http to another machine, before a byte is sent.
 * With `proxy`, plain http travels in clear text to the proxy: the proxy must be loopback
 * too. https through a proxy is a CONNECT tunnel, encrypted end to end.
 */
export function assertSecureTransport(
  url: URL,
  allowInsecureHttp: boolean,
  strategy: string,
  proxy?: URL,
): void {
  if (url.protocol === 'https:' || allowInsecureHttp) return
  if (url.protocol === 'http:' && isLoopback(url)) {
    if (proxy === undefined || isLoopback(proxy)) return
    observeRefusal(strategy, url, proxy)
    throw new AuthError(
      INSECURE_TRANSPORT,
      `${strategy}: refusing to send credentials over http through the proxy ${proxy.host}; use https, a loopback proxy, or set allowInsecureHttp: true`,
    )
  }
  observeRefusal(strategy, url, undefined)
  throw new AuthError(
    INSECURE_TRANSPORT,
    `${strategy}: refusing to send credentials over ${url.protocol.slice(0, -1)} to ${url.host}; use https, or set allowInsecureHttp: true`,
  )
}
