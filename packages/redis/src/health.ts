import type { StoreContext } from '@latchkey/core'

/** Thrown (and caught by the store) when Redis cannot be used right now. */
export class StoreUnavailable extends Error {}

/**
 * Redis as the store sees it: up, or down after a call failed or took longer than
 * `timeout`. While down, calls fail at once (the store serves this process's own copy)
 * and a harmless probe is sent every `retryMs`; the first one that answers brings the
 * store back. Transitions are reported once each, as `store-degraded` and `store-recovered`.
 */
export class Health {
  #down = false
  #probeAt = 0
  #probing = false

  constructor(
    readonly timeout: number,
    readonly retryMs: number,
  ) {}

  get down(): boolean {
    return this.#down
  }

  /** Runs `work` against Redis, or throws `StoreUnavailable`. `probe` is a safe read. */
  async call<T>(
    work: () => Promise<T>,
    context: StoreContext | undefined,
    probe: () => Promise<unknown>,
  ): Promise<T> {
    if (this.#down) {
      this.#maybeProbe(context, probe)
      throw new StoreUnavailable()
    }
    try {
      return await this.#timed(work)
    } catch (error) {
      this.#fail(error, context)
      throw new StoreUnavailable()
    }
  }

  async #timed<T>(work: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimedOut()), this.timeout)
    })
    try {
      return await Promise.race([work(), expired])
    } finally {
      clearTimeout(timer)
    }
  }

  #fail(error: unknown, context: StoreContext | undefined): void {
    this.#probeAt = Date.now() + this.retryMs
    if (this.#down) return
    this.#down = true
    const code = error instanceof TimedOut ? 'TIMEOUT' : 'UNAVAILABLE'
    context?.emit({ type: 'store-degraded', store: 'redis', code })
  }

  #maybeProbe(context: StoreContext | undefined, probe: () => Promise<unknown>): void {
    if (this.#probing || Date.now() < this.#probeAt) return
    this.#probing = true
    this.#timed(probe).then(
      () => {
        this.#probing = false
        if (!this.#down) return
        this.#down = false
        context?.emit({ type: 'store-recovered', store: 'redis' })
      },
      () => {
        this.#probing = false
        this.#probeAt = Date.now() + this.retryMs
      },
    )
  }
}

class TimedOut extends Error {}
