import type { InstallObservers, ObserveExchange } from './types.js'

/**
 * Browsers and workers have no `diagnostics_channel`: only `subscribe()` adds a
 * subscriber, and it installs the observer first. A page that never subscribes does not
 * bundle the observer, nor the HMAC its credential fingerprints need.
 */
let installed: ObserveExchange | undefined

export const exchangeObserver: ObserveExchange = (strategy, secrets) =>
  installed?.(strategy, secrets)

export const installObservers: InstallObservers = (observe) => {
  installed = observe
}
