/**
 * The proxy a Node.js agent or an undici dispatcher sends a request to `url` through,
 * when it is one of the usual proxy agents: undici's `ProxyAgent` and `EnvHttpProxyAgent`
 * (fetch, ky), and agents with a `proxy` URL (hpagent, http-proxy-agent,
 * https-proxy-agent, core/node's `proxyAgents()`: axios, got), and an undici `Agent`
 * whose `connect` is core/node's `proxyConnector()`. `undefined` for a direct agent.
 *
 * `EnvHttpProxyAgent` keeps its `NO_PROXY` matching private, so its proxy counts for
 * every URL of the scheme it proxies: the safe answer for the transport check.
 */
export function agentProxy(agent: unknown, url: URL): URL | undefined {
  if (typeof agent !== 'object' || agent === null) return undefined
  const own = (agent as { proxy?: unknown }).proxy
  if (own instanceof URL) return own
  if (typeof own === 'string') return parse(own)
  const options = symbol(agent, 'proxy agent options') as { uri?: unknown } | undefined
  if (typeof options?.uri === 'string') return parse(options.uri)
  // An undici Agent whose connect function tunnels (core/node's proxyConnector names its proxy).
  const connect = (symbol(agent, 'options') as { connect?: { proxy?: unknown } } | undefined)
    ?.connect
  if (connect?.proxy instanceof URL) return connect.proxy
  const scheme = url.protocol === 'https:' ? 'https proxy agent' : 'http proxy agent'
  const forScheme = symbol(agent, scheme)
  return forScheme === undefined || forScheme === agent ? undefined : agentProxy(forScheme, url)
}

/** undici keeps its state under unregistered symbols; their descriptions are stable. */
function symbol(owner: object, description: string): unknown {
  const key = Object.getOwnPropertySymbols(owner).find((entry) => entry.description === description)
  return key === undefined ? undefined : (owner as Record<symbol, unknown>)[key]
}

function parse(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}
