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
  /** Carries {@link RequestMessage}: one per attempt. */
  request: 'latchkey:request',
  /** Carries {@link ChallengeMessage}. */
  challenge: 'latchkey:challenge',
  /** Carries {@link StrippedMessage}. */
  stripped: 'latchkey:redirect-stripped',
  /** Carries {@link RefusedMessage}. */
  refused: 'latchkey:transport-refused',
  /** Carries {@link TokenCacheMessage}. */
  tokenCache: 'latchkey:token-cache',
  /** Carries {@link TokenStartMessage}. */
  tokenStart: 'latchkey:token-start',
  /** Carries {@link TokenEndMessage}. */
  tokenEnd: 'latchkey:token-end',
  /** Carries {@link TokenEndpointMessage} when a token endpoint call begins. */
  tokenEndpointStart: 'latchkey:token-endpoint-start',
  /** Carries {@link TokenEndpointMessage} when it ends. */
  tokenEndpointEnd: 'latchkey:token-endpoint-end',
})

/** Each channel name with the message it carries. */
export interface ChannelMessages {
  /** One per attempt a request sent. */
  'latchkey:request': RequestMessage
  /** A strategy answered a response by resending. */
  'latchkey:challenge': ChallengeMessage
  /** A redirect left the origin; credentials stripped. */
  'latchkey:redirect-stripped': StrippedMessage
  /** Credentials not sent over an insecure transport. */
  'latchkey:transport-refused': RefusedMessage
  /** A token strategy looked in its store. */
  'latchkey:token-cache': TokenCacheMessage
  /** A token request flight began. */
  'latchkey:token-start': TokenStartMessage
  /** A token request flight settled. */
  'latchkey:token-end': TokenEndMessage
  /** An HTTP call to a token endpoint began. */
  'latchkey:token-endpoint-start': TokenEndpointMessage
  /** An HTTP call to a token endpoint ended. */
  'latchkey:token-endpoint-end': TokenEndpointMessage
}

/** The name of a channel Latchkey publishes on, for \`subscribe()\`. */
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

// Pure: a bundle keeps only the channels the code it includes publishes on.
export const requestChannel = /* @__PURE__ */ channel(CHANNELS.request)
export const challengeChannel = /* @__PURE__ */ channel(CHANNELS.challenge)
export const strippedChannel = /* @__PURE__ */ channel(CHANNELS.stripped)
export const refusedChannel = /* @__PURE__ */ channel(CHANNELS.refused)
export const tokenCacheChannel = /* @__PURE__ */ channel(CHANNELS.tokenCache)
export const tokenStartChannel = /* @__PURE__ */ channel(CHANNELS.tokenStart)
export const tokenEndChannel = /* @__PURE__ */ channel(CHANNELS.tokenEnd)
export const tokenEndpointStartChannel = /* @__PURE__ */ channel(CHANNELS.tokenEndpointStart)
export const tokenEndpointEndChannel = /* @__PURE__ */ channel(CHANNELS.tokenEndpointEnd)
