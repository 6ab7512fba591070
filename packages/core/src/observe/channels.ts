import { type Channel, createChannel } from './channel.js'
import type {
  ChallengeMessage,
  RefusedMessage,
  RequestMessage,
  StrippedMessage,
  TokenCacheMessage,
  TokenEndMessage,
  TokenEndpointMessage,
  TokenStartMessage,
} from './messages.js'

/** The channels Latchkey publishes on, by name: `subscribe(CHANNELS.request, ...)`. */
export const CHANNELS = Object.freeze({
  request: 'latchkey:request',
  challenge: 'latchkey:challenge',
  stripped: 'latchkey:redirect-stripped',
  refused: 'latchkey:transport-refused',
  tokenCache: 'latchkey:token-cache',
  tokenStart: 'latchkey:token-start',
  tokenEnd: 'latchkey:token-end',
  tokenEndpointStart: 'latchkey:token-endpoint-start',
  tokenEndpointEnd: 'latchkey:token-endpoint-end',
})

/** Each channel name with the message it carries. */
export interface ChannelMessages {
  'latchkey:request': RequestMessage
  'latchkey:challenge': ChallengeMessage
  'latchkey:redirect-stripped': StrippedMessage
  'latchkey:transport-refused': RefusedMessage
  'latchkey:token-cache': TokenCacheMessage
  'latchkey:token-start': TokenStartMessage
  'latchkey:token-end': TokenEndMessage
  'latchkey:token-endpoint-start': TokenEndpointMessage
  'latchkey:token-endpoint-end': TokenEndpointMessage
}

export type ChannelName = keyof ChannelMessages

const channels = new Map<string, Channel<never>>()

/** The one channel object of this name in this copy of core. */
export function channel<N extends ChannelName>(name: N): Channel<ChannelMessages[N]> {
  let found = channels.get(name)
  if (found === undefined) {
    found = createChannel<never>(name)
    channels.set(name, found)
  }
  return found as unknown as Channel<ChannelMessages[N]>
}

export const requestChannel = channel(CHANNELS.request)
export const challengeChannel = channel(CHANNELS.challenge)
export const strippedChannel = channel(CHANNELS.stripped)
export const refusedChannel = channel(CHANNELS.refused)
export const tokenCacheChannel = channel(CHANNELS.tokenCache)
export const tokenStartChannel = channel(CHANNELS.tokenStart)
export const tokenEndChannel = channel(CHANNELS.tokenEnd)
export const tokenEndpointStartChannel = channel(CHANNELS.tokenEndpointStart)
export const tokenEndpointEndChannel = channel(CHANNELS.tokenEndpointEnd)
