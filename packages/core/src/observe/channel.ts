/**
 * A named channel messages are published on. `hasSubscribers` is checked before any
 * message is built, so with nobody listening an instrumented call site costs one boolean.
 */
export interface Channel<T> {
  readonly name: string
  readonly hasSubscribers: boolean
  publish(message: T): void
  subscribe(subscriber: (message: T) => void): void
  unsubscribe(subscriber: (message: T) => void): void
}

/** The part of `node:diagnostics_channel` used here, typed locally: core builds without Node types. */
interface DiagnosticsChannels {
  channel(name: string): {
    readonly hasSubscribers: boolean
    publish(message: unknown): void
    subscribe(subscriber: (message: unknown, name: string | symbol) => void): void
    unsubscribe(subscriber: (message: unknown, name: string | symbol) => void): boolean
  }
}

/**
 * Node.js (and Deno and Bun, which implement it) has `process.getBuiltinModule`: reaching
 * `node:diagnostics_channel` through it needs no import, so the main entry stays free of
 * `node:*` for browsers and bundlers, and on Node the channels are the process's own,
 * which APMs and `diagnostics_channel.subscribe()` see without any Latchkey API.
 */
const diagnostics = (() => {
  try {
    const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process
    return process?.getBuiltinModule?.('node:diagnostics_channel') as
      | DiagnosticsChannels
      | undefined
  } catch {
    return undefined
  }
})()

/** A channel without diagnostics_channel (a browser, a worker): a plain list of subscribers. */
class PlainChannel<T> implements Channel<T> {
  readonly name: string
  #subscribers: readonly ((message: T) => void)[] = []

  constructor(name: string) {
    this.name = name
  }

  get hasSubscribers(): boolean {
    return this.#subscribers.length > 0
  }

  publish(message: T): void {
    // Subscribers are wrapped by subscribe() and cannot throw into the publisher.
    for (const subscriber of this.#subscribers) subscriber(message)
  }

  subscribe(subscriber: (message: T) => void): void {
    this.#subscribers = [...this.#subscribers, subscriber]
  }

  unsubscribe(subscriber: (message: T) => void): void {
    this.#subscribers = this.#subscribers.filter((entry) => entry !== subscriber)
  }
}

/** The process's diagnostics channel of this name where there is one, else a plain one. */
export function createChannel<T>(name: string): Channel<T> {
  if (diagnostics === undefined) return new PlainChannel<T>(name)
  const channel = diagnostics.channel(name)
  return {
    name,
    get hasSubscribers() {
      return channel.hasSubscribers
    },
    publish: (message) => channel.publish(message),
    subscribe: (subscriber) => channel.subscribe(subscriber as (message: unknown) => void),
    unsubscribe: (subscriber) => {
      channel.unsubscribe(subscriber as (message: unknown) => void)
    },
  }
}
