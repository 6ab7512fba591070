import type { ConnectionOptions } from 'node:tls'
import { invalidConfig } from '../../errors/invalid-config.js'
import { isProxyAuth, type ProxyAuth } from '../../proxy/auth.js'

/** Options of `proxyAgents()` and `proxyConnector()`. */
export interface ProxyTunnelOptions {
  /** The proxy, `http://host:port` (or `https://` to speak TLS to the proxy); no credentials in it. */
  readonly proxy: string | URL
  /** The proxy credentials, from `proxyAuth()`; without them a `407` is a `CHALLENGE_FAILED` error. */
  readonly auth?: ProxyAuth
  /** TLS options for an `https://` proxy itself (its CA, ...). */
  readonly proxyTls?: ConnectionOptions
}

/**
 * The proxy URL, checked.
 *
 * @throws `AuthError` `INVALID_CONFIG` for a URL that is not http(s), carries credentials
 *   (give them as `auth`: in the URL they would be shown wherever the URL is), or
 *   credentials not made by `proxyAuth()`.
 */
export function proxyUrl(where: string, options: ProxyTunnelOptions): URL {
  let url: URL
  try {
    url = new URL(options?.proxy)
  } catch {
    throw invalidConfig(where, 'proxy must be an absolute http(s) URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidConfig(where, 'proxy must be an http: or https: URL')
  }
  if (url.username !== '' || url.password !== '') {
    throw invalidConfig(
      where,
      'proxy must not carry credentials; give them as auth: proxyAuth({...})',
    )
  }
  if (options.auth !== undefined && !isProxyAuth(options.auth)) {
    throw invalidConfig(where, 'auth must come from proxyAuth()')
  }
  return new URL(url.origin)
}
