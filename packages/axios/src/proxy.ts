import { agentProxy } from '@latchkey/core/adapter'
import type { AxiosProxyConfig, InternalAxiosRequestConfig } from 'axios'
// @ts-expect-error proxy-from-env ships no types: getProxyForUrl(url: string): string
import { getProxyForUrl } from 'proxy-from-env'

/**
 * The proxy axios's http adapter sends a hop to `url` through: the config's `proxy`, else
 * a proxy agent, else `HTTP_PROXY`/`HTTPS_PROXY` under `NO_PROXY` (read with
 * proxy-from-env, as axios does). `proxy: false` turns the environment off, not an agent.
 */
export function proxyFor(config: InternalAxiosRequestConfig): (url: URL) => URL | undefined {
  return (url) => {
    const agent = url.protocol === 'https:' ? config.httpsAgent : config.httpAgent
    if (config.proxy === false) return agentProxy(agent, url)
    if (config.proxy) return configured(config.proxy)
    return agentProxy(agent, url) ?? fromEnvironment(url)
  }
}

function configured({ protocol = 'http', host, port }: AxiosProxyConfig): URL | undefined {
  const scheme = protocol.endsWith(':') ? protocol : `${protocol}:`
  const name = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  return parse(`${scheme}//${name}${port ? `:${port}` : ''}`)
}

function fromEnvironment(url: URL): URL | undefined {
  // A browser or worker has no environment (proxy-from-env reads `process.env` unguarded),
  // and its proxy, if any, is the browser's own: the page neither sees nor picks it.
  if ((globalThis as { process?: unknown }).process === undefined) return undefined
  const proxy = (getProxyForUrl as (url: string) => string)(url.href)
  return proxy ? parse(proxy) : undefined
}

function parse(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}
