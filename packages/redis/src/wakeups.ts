/** Waiters for a token identity, woken by a message on the store's channel. */
export class Wakeups {
  readonly #waiting = new Map<string, Set<() => void>>()

  /** A wake-up for `id`, registered now; `within(ms)` waits for it, `ms` at most. */
  next(id: string): { within(ms: number): Promise<void>; cancel(): void } {
    let wake!: () => void
    const woken = new Promise<void>((resolve) => {
      wake = resolve
    })
    let waiting = this.#waiting.get(id)
    if (waiting === undefined) {
      waiting = new Set()
      this.#waiting.set(id, waiting)
    }
    waiting.add(wake)
    let timer: ReturnType<typeof setTimeout> | undefined
    const cancel = () => {
      clearTimeout(timer)
      waiting.delete(wake)
      if (waiting.size === 0 && this.#waiting.get(id) === waiting) this.#waiting.delete(id)
      wake()
    }
    return {
      within: (ms) => {
        timer = setTimeout(wake, ms)
        return woken
      },
      cancel,
    }
  }

  wake(id: string): void {
    const waiting = this.#waiting.get(id)
    this.#waiting.delete(id)
    for (const wake of waiting ?? []) wake()
  }

  wakeAll(): void {
    for (const id of [...this.#waiting.keys()]) this.wake(id)
  }
}
