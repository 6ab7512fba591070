import { proxyConnector } from '@latchkey/core/node'
import { Agent, type Dispatcher, ProxyAgent } from 'undici'
import type { ClientOptions } from '../adapter.js'

/**
 * The undici dispatcher a fetch-based client (fetch, ky, ofetch, ...) is given on Node.js
 * for the suite's {@link ClientOptions}: trusting the kit's CA, through its plain proxy
 * (undici's `ProxyAgent`), or through an authenticating proxy's tunnel (Latchkey's
 * `proxyConnector()`), as the user of that client would set it up.
 */
export function undiciDispatcher(options: ClientOptions): Dispatcher {
  if (options.tunnel)
    return new Agent({
      connect: proxyConnector({
        proxy: options.proxy ?? '',
        ...options.tunnel,
        tls: { ca: options.ca },
      }),
    })
  if (options.proxy) return new ProxyAgent({ uri: options.proxy, requestTls: { ca: options.ca } })
  return new Agent({ connect: { ca: options.ca } })
}
