import type { Handler, Hop, Kit } from '@latchkey/conformance/kit'
import { HopLog } from '@latchkey/conformance/kit'
import { Buffer } from 'buffer'
import {
  KIT_BRIDGE,
  type KitCall,
  type WireAnswer,
  type WireHop,
  type WireKit,
} from '../shared/wire.js'

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

  /** Answers a request Node.js forwarded to a handler added here. */
  async serve(prefix: string, wire: WireHop, url: string): Promise<WireAnswer> {
    const handler = this.#handlers.get(prefix)
    if (handler === undefined) return { status: 404, headers: {}, body: '' }
    const response = new RecordedResponse()
    await handler(fromWire(wire), new URL(url), response as never)
    return response.finished()
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

/** The part of Node's `ServerResponse` the kit's handlers use, recorded for Node.js to send. */
class RecordedResponse {
  statusCode = 200
  destroyed = false
  readonly #headers: Record<string, string | number | readonly string[]> = {}
  readonly #chunks: Uint8Array[] = []
  readonly #done: Promise<void>
  #resolve: () => void = () => {}

  constructor() {
    this.#done = new Promise((resolve) => {
      this.#resolve = resolve
    })
  }

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.#headers[name.toLowerCase()] = value
    return this
  }

  writeHead(status: number, headers: Record<string, string | number | readonly string[]> = {}) {
    this.statusCode = status
    for (const [name, value] of Object.entries(headers)) this.setHeader(name, value)
    return this
  }

  write(chunk: string | Uint8Array): boolean {
    this.#chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
    return true
  }

  end(chunk?: string | Uint8Array): this {
    if (chunk !== undefined) this.write(chunk)
    this.#resolve()
    return this
  }

  once(): this {
    return this
  }

  on(): this {
    return this
  }

  async finished(): Promise<WireAnswer> {
    await this.#done
    return {
      status: this.statusCode,
      headers: this.#headers,
      body: Buffer.concat(this.#chunks).toString('base64'),
    }
  }
}
