import type { StoredToken } from '@latchkey/core'

/** What a tab keeps under a key: the token (none once deleted), and which change it is. */
export interface Entry {
  readonly token?: StoredToken
  /** Counts the changes to the key; the lock serialises them, so each is one higher. */
  readonly version: number
  /** The tab that made the change: breaks a tie between changes made outside the lock. */
  readonly tab: string
}

/** Whether `entry` replaces `current`: a later change, or the same one from a higher tab. */
export function newer(entry: Entry, current: Entry | undefined): boolean {
  if (current === undefined) return true
  return (
    entry.version > current.version ||
    (entry.version === current.version && entry.tab > current.tab)
  )
}
