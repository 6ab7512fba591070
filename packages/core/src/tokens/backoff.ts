/** First retry after a failure waits up to this long; each further failure doubles it. */
const BASE_MS = 250
const CAP_MS = 30_000

/**
 * Spaces attempts at a failing token endpoint: after n consecutive failures the next
 * attempt waits a random time up to base * 2^(n-1), capped ("full jitter"), so many
 * clients do not hammer a broken endpoint in step. A success resets it.
 */
export class Backoff {
  #failures = 0

  get failures(): number {
    return this.#failures
  }

  /** The delay before the next attempt, in milliseconds. */
  delay(random: () => number = Math.random): number {
    if (this.#failures === 0) return 0
    return Math.floor(random() * Math.min(CAP_MS, BASE_MS * 2 ** (this.#failures - 1)))
  }

  failed(): void {
    this.#failures++
  }

  succeeded(): void {
    this.#failures = 0
  }
}
