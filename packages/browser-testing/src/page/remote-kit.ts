import type { Handler, Hop, Kit } from '@latchkey/conformance/kit'
import { HopLog } from '@latchkey/conformance/kit'
import { Buffer } from 'buffer'
import {
  KIT_BRIDGE,
  type KitCall,
  type WireAnswer,
  type WireChunk,
  type WireHop,
  type WireKit,
} from '../shared/wire.js'
import { StreamedResponse } from './streamed-response.js'

type Bridge = (call: KitCall) => Promise<unknown>
const bridge: Bridge = (call) =>
  (globalThis as unknown as Record<string, Bridge>)[KIT_BRIDGE]?.(call) ??
  Promise.reject(new Error('the page is not bridged to a kit'))

/**
 * The conformance kit as scenarios in a page see it: the servers run in Node.js, handlers
 * added with `handle()` run here (Node.js forwards their requests), and the hop log is a
 * copy, brought up to date by {@link RemoteKit.sync} after every request a client makes.
 */
export class RemoteKit {
  readonly log = new HopLog()
  readonly #handlers = new Map<string, Handler>()
  /** Every call to Node.js so far: a request waits for them (a `handle` must land first). */
  #pending: Promise<unknown> = Promise.resolve()
  /** Counts resets, so hops pushed for an earlier test are told apart and dropped. */
  #generation = 0
  readonly #streams = new Map<number, StreamedResponse>()
  #streamIds = 0

  constructor(readonly origins: WireKit) {}

  kit(): Kit {
    return {
      ...this.origins,
      log: this.log,
      issueClient: () => {
        throw new Error('client certificates are not available in a browser')
      },
      // A page cannot be sent through a proxy: the proxy scenarios are flagged off.
      proxy: {
        url: 'http://proxy.latchkey.invalid',
        forwarded: [],
        close: async () => {},
      },
      handle: (prefix, handler) => {
        this.#handlers.set(prefix, handler)
        this.#call({ op: 'handle', prefix })
      },
      reset: () => {
        this.#handlers.clear()
        this.log.clear()
        this.#call({ op: 'reset', generation: ++this.#generation })
      },
      close: async () => {},
    }
  }

  /** Waits until Node.js has every change made here. */
  async settled(): Promise<void> {
    await this.#pending
  }

  /** Brings the copy of the hop log up to date with the kit's. */
  async sync(): Promise<void> {
    await this.settled()
    const from = this.log.all().length
    const hops = (await bridge({ op: 'log', from })) as WireHop[]
    for (const [offset, hop] of hops.entries()) this.record(this.#generation, from + offset, hop)
  }

  /**
   * A hop the kit recorded at `index` after reset number `generation`: added when it is
   * the next one of this test (pushes and syncs overlap).
   */
  record(generation: number, index: number, hop: WireHop): void {
    if (generation === this.#generation && index === this.log.all().length)
      this.log.record(fromWire(hop))
  }

  /**
   * Answers a request Node.js forwarded to a handler added here: the head and what the
   * handler wrote so far, and a stream id to {@link pull} the rest with when it has not ended.
   */
  async serve(prefix: string, wire: WireHop, url: string): Promise<WireAnswer> {
    const handler = this.#handlers.get(prefix)
    if (handler === undefined) return { status: 404, headers: {}, body: '', done: true }
    const response = new StreamedResponse()
    const id = ++this.#streamIds
    this.#streams.set(id, response)
    response.once('close', () => this.#streams.delete(id))
    Promise.resolve(handler(fromWire(wire), new URL(url), response as never)).catch(
      (error: unknown) => {
        // As a Node.js server would: a handler that throws before writing is a 500.
        console.error('[kit handler]', error)
        response.writeHead(500).end()
      },
    )
    const head = await response.head()
    return head.done ? head : { ...head, stream: id }
  }

  /** The next part of a streamed answer's body (see {@link serve}). */
  pull(id: number): Promise<WireChunk> {
    return this.#streams.get(id)?.take() ?? Promise.resolve({ body: '', done: true })
  }

  /** The client closed a streamed answer's connection before its end. */
  cancel(id: number): void {
    this.#streams.get(id)?.cancel()
  }

  #call(call: KitCall): void {
    const sent = bridge(call)
    this.#pending = Promise.all([this.#pending, sent])
  }
}

function fromWire(hop: WireHop): Hop {
  return {
    ...hop,
    query: new URLSearchParams(hop.query),
    body: Buffer.from(hop.body, 'base64') as unknown as Hop['body'],
  }
}
