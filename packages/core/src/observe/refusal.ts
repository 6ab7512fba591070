import { refusedChannel } from './channels.js'

/** Credentials for `url` were refused before a byte was sent (plain http, a remote proxy). */
export function observeRefusal(strategy: string, url: URL, proxy: URL | undefined): void {
  if (!refusedChannel.hasSubscribers) return
  refusedChannel.publish(
    Object.freeze({
      strategy,
      // An origin never holds userinfo; a non-http(s) URL's origin is "null": its scheme is.
      origin: url.origin === 'null' ? `${url.protocol}` : url.origin,
      proxy: proxy?.host ?? null,
      code: 'INSECURE_TRANSPORT' as const,
    }),
  )
}
