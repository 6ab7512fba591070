/** Latchkey's per-request option, accepted by `fetch` (and so by ky) next to the usual init. */
export interface LatchkeyInit {
  /**
   * `false` opts this request out: no strategy runs (the redirect policy still applies).
   *
   * @example
   * ```ts
   * await authFetch('https://api.example.com/public', { latchkey: false })
   * ```
   */
  readonly latchkey?: false
}

declare global {
  interface RequestInit extends LatchkeyInit {}
}
