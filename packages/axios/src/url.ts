import axios, { type InternalAxiosRequestConfig } from 'axios'

const absolute = /^([a-z][a-z\d+\-.]*:)?\/\//i

/** The URL axios will request for `config`, resolved against the page in a browser. */
export function requestUrl(config: InternalAxiosRequestConfig): URL {
  return new URL(requestUri(config), (globalThis as { location?: { href: string } }).location?.href)
}

/**
 * The URI string axios builds: `baseURL` joined with `url` as axios's buildFullPath does.
 * With `params`, axios's own `getUri` serializes them; without, this skips its full config
 * merge, which costs more than the rest of Latchkey's work on a request.
 */
export function requestUri(config: InternalAxiosRequestConfig): string {
  if (config.params !== undefined && config.params !== null) return axios.getUri(config)
  const { baseURL, url = '', allowAbsoluteUrls } = config
  const relative = !absolute.test(url) || allowAbsoluteUrls === false
  return baseURL && relative ? join(baseURL, url) : url
}

function join(baseURL: string, relative: string): string {
  return relative ? `${baseURL.replace(/\/+$/, '')}/${relative.replace(/^\/+/, '')}` : baseURL
}
