/** Latchkey's per-request option on an axios request config. */
export interface LatchkeyConfig {
  /**
   * `false` opts this request out: no strategy runs (the redirect policy still applies).
   *
   * @example
   * ```ts
   * await api.get('/public', { latchkey: false })
   * ```
   */
  latchkey?: false
}

declare module 'axios' {
  interface AxiosRequestConfig extends LatchkeyConfig {}
}
