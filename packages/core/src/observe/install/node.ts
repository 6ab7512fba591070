import { observeExchange } from '../exchange-observer.js'
import type { InstallObservers, ObserveExchange } from './types.js'

/**
 * Node.js (Deno, Bun): anyone may subscribe to the channels through
 * `node:diagnostics_channel`, without Latchkey's API, so exchanges are observed from the
 * first request.
 */
export const exchangeObserver: ObserveExchange = observeExchange

/** Nothing to install: the observer is always there. */
export const installObservers: InstallObservers = () => {}
