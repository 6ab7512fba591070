import { invalidConfig } from '../errors/invalid-config.js'

/**
 * Parses a user-supplied origin (`https://api.example.com`, default port optional) and
 * returns its canonical form. Anything beyond scheme, host and port is a configuration
 * mistake worth reporting, not silently ignoring.
 */
export function parseOrigin(input: string, where: string): string {
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw invalidConfig(where, `"${input}" is not an absolute URL origin`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidConfig(where, `"${input}" is not an http(s) origin`)
  }
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    throw invalidConfig(
      where,
      `"${url.origin}..." must be an origin only: no path, query or userinfo`,
    )
  }
  return url.origin
}

const ipv4Loopback = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/

/**
 * Loopback hosts: traffic to them never leaves the machine, so plain http is acceptable.
 * Not `*.localhost`: Node resolves those names through DNS, which may answer anything.
 */
export function isLoopback(url: URL): boolean {
  const host = url.hostname
  return (
    host === 'localhost' ||
    ipv4Loopback.test(host) ||
    host === '[::1]' ||
    host === '[::ffff:7f00:1]'
  )
}
