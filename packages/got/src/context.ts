/** Latchkey's per-request option, in got's `context`. */
export interface LatchkeyContext {
  /**
   * `false` opts this request out: no strategy runs (the redirect policy still applies).
   *
   * @example
   * ```ts
   * await api.get('public', { context: { latchkey: false } })
   * ```
   */
  readonly latchkey?: false
}
