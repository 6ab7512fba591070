import { installObservers } from '#observe'
import { invalidConfig } from '../errors/invalid-config.js'
import { warn } from '../events-report.js'
import { CHANNELS, type ChannelMessages, type ChannelName, channel } from './channels.js'
import { observeExchange } from './exchange-observer.js'

const names: ReadonlySet<string> = new Set(Object.values(CHANNELS))

/**
 * Subscribes to one of Latchkey's channels ({@link CHANNELS}); returns the unsubscribe
 * function. Works everywhere: on Node.js the channels are `node:diagnostics_channel`'s,
 * elsewhere a plain list. A subscriber that throws never breaks the request that published:
 * its first exception is reported as a `LatchkeyListenerWarning`, later ones are dropped.
 *
 * (A subscriber registered with `diagnostics_channel.subscribe()` directly gets Node's own
 * rule instead: its exception is rethrown on the next tick, as an uncaught exception.)
 *
 * @example
 * ```ts
 * const stop = subscribe(CHANNELS.tokenEnd, (m) => log.info('token', m.outcome, m.durationMs))
 * ```
 */
export function subscribe<N extends ChannelName>(
  name: N,
  subscriber: (message: ChannelMessages[N]) => void,
): () => void {
  if (!names.has(name))
    throw invalidConfig('subscribe', `unknown channel ${JSON.stringify(name)}; see CHANNELS`)
  if (typeof subscriber !== 'function') throw invalidConfig('subscribe', 'expected a function')
  installObservers(observeExchange)
  const target = channel(name)
  let reported = false
  const safe = (message: ChannelMessages[N]) => {
    try {
      subscriber(message)
    } catch (error) {
      if (reported) return
      reported = true
      warn(error, name, 'A Latchkey channel subscriber')
    }
  }
  target.subscribe(safe)
  return () => target.unsubscribe(safe)
}
