import { Buffer } from 'buffer'
import type { WireAnswer, WireChunk } from '../shared/wire.js'

type HeaderValue = string | number | readonly string[]

/** What a page buffers before `write()` asks the handler to wait for `drain`, as Node's does. */
const HIGH_WATER_MARK = 64 * 1024

/**
 * The part of Node's `ServerResponse` the kit's handlers use, for a handler running in the
 * page: Node.js sends the head once the handler writes, then pulls the body in chunks
 * ({@link take}) as its socket drains, so a body that never ends (or is 100 MB) streams
 * the way it would from Node.js, and a client that stops reading closes it ({@link cancel}).
 */
export class StreamedResponse {
  statusCode = 200
  destroyed = false
  writableFinished = false
  readonly #headers: Record<string, HeaderValue> = {}
  readonly #queue: Uint8Array[] = []
  #queued = 0
  #ended = false
  #wake: () => void = () => {}
  #started: () => void = () => {}
  readonly #head = new Promise<void>((resolve) => {
    this.#started = resolve
  })
  readonly #listeners = new Map<string, (() => void)[]>()

  setHeader(name: string, value: HeaderValue): this {
    this.#headers[name.toLowerCase()] = value
    return this
  }

  writeHead(status: number, headers: Record<string, HeaderValue> = {}): this {
    this.statusCode = status
    for (const [name, value] of Object.entries(headers)) this.setHeader(name, value)
    return this
  }

  write(chunk: string | Uint8Array): boolean {
    if (this.destroyed || this.#ended) return false
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    this.#queue.push(bytes)
    this.#queued += bytes.byteLength
    this.#started()
    this.#wake()
    return this.#queued < HIGH_WATER_MARK
  }

  end(chunk?: string | Uint8Array): this {
    if (chunk !== undefined) this.write(chunk)
    if (this.destroyed || this.#ended) return this
    this.#ended = true
    this.#started()
    this.#wake()
    return this
  }

  destroy(): this {
    this.cancel()
    return this
  }

  once(event: string, listener: () => void): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener])
    return this
  }

  on(event: string, listener: () => void): this {
    return this.once(event, listener)
  }

  /** The status, headers and the body written so far, once the handler has written. */
  async head(): Promise<WireAnswer> {
    await this.#head
    return { status: this.statusCode, headers: this.#headers, ...this.#drain() }
  }

  /** What the handler wrote since the last call, waiting until it wrote something or ended. */
  async take(): Promise<WireChunk> {
    if (this.#queue.length === 0 && !this.#ended && !this.destroyed)
      await new Promise<void>((resolve) => {
        this.#wake = resolve
      })
    return this.#drain()
  }

  /** The client went away: the handler sees its response destroyed and closed. */
  cancel(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.#wake()
    this.#emit('close')
  }

  #drain(): WireChunk {
    const full = this.#queued >= HIGH_WATER_MARK
    const body = Buffer.concat(this.#queue.splice(0)).toString('base64')
    this.#queued = 0
    const done = this.destroyed || this.#ended
    if (this.#ended && !this.writableFinished) {
      // Node.js has everything: as in Node, `finish` and then `close`.
      this.writableFinished = true
      queueMicrotask(() => {
        this.#emit('finish')
        this.#emit('close')
      })
    } else if (full) queueMicrotask(() => this.#emit('drain'))
    return { body, done }
  }

  #emit(event: string): void {
    const listeners = this.#listeners.get(event) ?? []
    this.#listeners.delete(event)
    for (const listener of listeners) listener()
  }
}
