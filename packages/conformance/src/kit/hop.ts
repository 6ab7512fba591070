/** One request as a kit server received it: the ground truth every scenario asserts on. */
export interface Hop {
  /** The origin of the server that received it, as addressed by the client (Host header). */
  readonly origin: string
  /** The request method. */
  readonly method: string
  /** The path, without the query. */
  readonly path: string
  /** Path and query exactly as on the request line, before any decoding. */
  readonly target: string
  /** The query parameters, decoded. */
  readonly query: URLSearchParams
  /** Header names lower-cased; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>
  /** Header names exactly as they arrived, with values, in order. */
  readonly rawHeaders: readonly (readonly [string, string])[]
  /** The body bytes as they arrived. */
  readonly body: Buffer
  /** Which connection it came on (numbered per kit), to tell a reused connection from a new one. */
  readonly connection: number
  /** Subject common name of the client certificate presented in the TLS handshake, if any. */
  readonly clientCertificate: string | undefined
}

/** Every hop, in arrival order, across all the kit's servers. */
export class HopLog {
  readonly #hops: Hop[] = []
  readonly #listeners = new Set<(hop: Hop, index: number) => void>()

  /** Adds `hop` (the kit's servers do) and tells the listeners. */
  record(hop: Hop): void {
    this.#hops.push(hop)
    for (const listener of this.#listeners) listener(hop, this.#hops.length - 1)
  }

  /** Calls `listener` with every hop recorded from now on (the browser run mirrors the log). */
  onRecord(listener: (hop: Hop, index: number) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Every hop so far, in arrival order (a copy). */
  all(): readonly Hop[] {
    return [...this.#hops]
  }

  /** Hops whose path starts with `prefix`. */
  at(prefix: string): readonly Hop[] {
    return this.#hops.filter((hop) => hop.path.startsWith(prefix))
  }

  /** Forgets every hop (between tests). */
  clear(): void {
    this.#hops.length = 0
  }
}
