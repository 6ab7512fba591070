import { expect, it } from 'vitest'
import { bearer } from '../src/index.js'
import { CHANNELS, channel } from '../src/observe/channels.js'
import { observeExchange } from '../src/observe/exchange-observer.js'
import * as node from '../src/observe/install/node.js'
import * as web from '../src/observe/install/web.js'
import { SecretSet } from '../src/redact/secret-set.js'

/**
 * Where exchanges get their observer: on Node.js always (diagnostics_channel subscribers
 * need no Latchkey API), in a browser only once subscribe() installed it, so a page
 * that never subscribes bundles neither the observer nor its HMAC.
 */
it('in a browser an exchange is observed only once subscribe() installed the observer', () => {
  const listener = () => {}
  const requests = channel(CHANNELS.request)
  requests.subscribe(listener)
  try {
    const strategy = bearer('t0k3n-value')
    expect(web.exchangeObserver(strategy, new SecretSet())).toBeUndefined()
    web.installObservers(observeExchange)
    expect(web.exchangeObserver(strategy, new SecretSet())).toBeDefined()
    expect(node.exchangeObserver(strategy, new SecretSet())).toBeDefined()
  } finally {
    requests.unsubscribe(listener)
  }
})
