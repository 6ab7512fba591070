import type { Hop, Kit } from '@latchkey/conformance/kit'

/** What crosses between Node.js (the kit) and the page (the scenarios), as plain JSON. */

/** A `Hop`, with its query as a string and its body in base64. */
export type WireHop = Omit<Hop, 'query' | 'body'> & {
  readonly query: string
  readonly body: string
}

/** A part of a page handler's body, for the kit to send. */
export interface WireChunk {
  /** base64 */
  readonly body: string
  /** The handler ended the response (or the client went away): nothing follows. */
  readonly done: boolean
}

/** What a page's handler answered, for the kit to send: the head and the body so far. */
export interface WireAnswer extends WireChunk {
  readonly status: number
  readonly headers: Readonly<Record<string, string | number | readonly string[]>>
  /** Present while the body goes on: the id to pull the next chunks with. */
  readonly stream?: number
}

/** The kit's origins, as the page sees them. */
export type WireKit = Pick<
  Kit,
  | 'http'
  | 'localhost'
  | 'other'
  | 'https'
  | 'httpsLocalhost'
  | 'mtls'
  | 'mtlsOptional'
  | 'closed'
  | 'ca'
>

/** Calls from the page to Node.js, through `page.exposeFunction`. */
export type KitCall =
  /** Clears the kit; hops pushed from now on carry `generation`. */
  | { readonly op: 'reset'; readonly generation: number }
  | { readonly op: 'handle'; readonly prefix: string }
  /** The hops recorded from index `from` on. */
  | { readonly op: 'log'; readonly from: number }

/** The name of the function Node.js exposes to the page. */
export const KIT_BRIDGE = '__latchkeyKit'
/** The object the page bundle puts on `window`. */
export const PAGE_API = '__latchkeyPage'
