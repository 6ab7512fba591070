import type { AuthStrategy } from '../../flow/types.js'
import type { SecretSet } from '../../redact/secret-set.js'
import type { ExchangeObserver } from '../exchange-observer.js'

/** An observer for a new exchange, or undefined while nobody listens to its channels. */
export type ObserveExchange = (
  strategy: AuthStrategy,
  secrets: SecretSet,
) => ExchangeObserver | undefined

/** Called by `subscribe()`, the only way to listen outside Node.js, before it subscribes. */
export type InstallObservers = (observe: ObserveExchange) => void
