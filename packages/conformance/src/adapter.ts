import type { AuthOptions, AuthStrategy, ProxyAuth } from '@latchkey/core'

/** A request body in each of the forms users send. */
export type UniformBody =
  | {
      /** A value the client serializes as JSON. */
      readonly kind: 'json'
      /** The body. */
      readonly value: unknown
    }
  | {
      /** Text. */
      readonly kind: 'text'
      /** The body. */
      readonly value: string
    }
  | {
      /** Bytes. */
      readonly kind: 'bytes'
      /** The body. */
      readonly value: Uint8Array
    }
  | {
      /** A form, `application/x-www-form-urlencoded`. */
      readonly kind: 'urlencoded'
      /** The body. */
      readonly value: URLSearchParams
    }
  | {
      /** A multipart form. */
      readonly kind: 'multipart'
      /** The body. */
      readonly value: FormData
    }
  | {
      /** A Blob. */
      readonly kind: 'blob'
      /** The body. */
      readonly value: Blob
    }
  /** A one-shot stream of these chunks, in the client's own stream type. */
  | {
      /** A stream, which cannot be replayed. */
      readonly kind: 'stream'
      /** The chunks the stream yields. */
      readonly value: readonly Uint8Array[]
    }

/** A request a scenario makes, in terms every client can be driven with. */
export interface UniformRequest {
  /** The method; default `GET`. */
  readonly method?: string
  /** Absolute, or relative to `ClientOptions.baseUrl`. */
  readonly url: string
  /** Headers the caller sets. */
  readonly headers?: Readonly<Record<string, string>>
  /**
   * Query parameters, added to `url` the client's own way (ky and got `searchParams`,
   * axios `params`, `URLSearchParams` for fetch): clients encode them differently, and
   * request signing must cover what each actually sends.
   */
  readonly query?: Readonly<Record<string, string>>
  /** The body, in the form under test. */
  readonly body?: UniformBody
  /** Use the client's per-request opt-out: no strategy runs for this request. */
  readonly optOut?: boolean
  /** The caller's own abort signal. */
  readonly signal?: AbortSignal
}

/** What the client returned (or, for its HTTP error, carried). */
export interface UniformResponse {
  /** The status. */
  readonly status: number
  /** The headers. */
  readonly headers: Headers
  /** The body, as text. */
  readonly body: string
}

/** How a scenario wants the client set up, before and around `withAuth`. */
export interface ClientOptions {
  /** The options passed to `withAuth`. */
  readonly auth?: AuthOptions
  /** PEM CA the client must trust for the kit's https origin. */
  readonly ca: string
  /** The base URL / prefixUrl the user configured on the client. */
  readonly baseUrl?: string
  /** The client's own retry of these statuses (ky retry, got retry, axios-retry, ...). */
  readonly retry?: {
    /** How many retries. */
    readonly limit: number
    /** The statuses retried. */
    readonly statusCodes: readonly number[]
  }
  /** The client's own timeout for a request. */
  readonly timeoutMs?: number
  /**
   * A hook or interceptor of the user's own, installed the client's usual way before
   * `withAuth`; it must keep running on every attempt.
   */
  readonly userHook?: (url: string) => void
  /**
   * Send every request through this proxy, the client's usual way: axios's `proxy`, an
   * undici `ProxyAgent` dispatcher (fetch, ky), a proxy agent such as hpagent (got).
   */
  readonly proxy?: string
  /**
   * Go through `proxy` with Latchkey's tunnelling agents from `@latchkey/core/node`
   * (`proxyConnector()` in an undici `Agent` for fetch and ky, `proxyAgents()` for axios
   * and got), which answer the proxy's `407` with `auth`.
   */
  readonly tunnel?: {
    /** The proxy credentials; absent, a `407` is a `CHALLENGE_FAILED` error. */
    readonly auth?: ProxyAuth
  }
  /**
   * The user's own hooks that see errors, installed on the client the usual way before
   * `withAuth`: got and ky `beforeError` and `beforeRetry`, an axios response error
   * interceptor. Each calls this with the error it received, where it received it.
   */
  readonly errorHook?: (error: unknown, hook: string) => void
  /** Throw the client's own HTTP error for 4xx/5xx, as it does by default. Default false. */
  readonly throwHttpErrors?: boolean
}

/** The same small surface over every client, so every scenario runs unchanged on each. */
export interface UniformClient {
  /** Sends `request` with the client's own API and returns what it resolved with. */
  request(request: UniformRequest): Promise<UniformResponse>
  /**
   * The client's own pagination, for clients that have it (got's `paginate.all`): follows
   * `Link: <...>; rel="next"` from `url` and returns every page's JSON array items.
   */
  paginate?(url: string): Promise<unknown[]>
}

/**
 * Where a test adapter runs, for adapters one suite drives on several platforms (Node.js and
 * a browser page): the capabilities that platform lacks, and how the client reaches the kit
 * there (`T`: an undici dispatcher for fetch and ky, agents for axios; nothing in a page).
 */
export interface AdapterPlatform<T> {
  /** Capabilities this platform takes away, on top of the client's own. */
  readonly supports?: Partial<Capabilities>
  /** The client's transport for these options (`undiciDispatcher` on Node.js). */
  readonly transport?: (options: ClientOptions) => T
}

/** What a client can do; scenarios that need a capability a client lacks are skipped. Each defaults to true. */
export interface Capabilities {
  /** The client throws its own error type for 4xx/5xx (plain fetch resolves instead). */
  readonly httpErrors: boolean
  /**
   * The client's own TLS settings (a CA on its https agent or options) still apply to
   * hops that present a client certificate. fetch cannot: a dispatcher is built with
   * its TLS settings, so the certificate's hops use a new one.
   */
  readonly keepsClientTls: boolean
  /** The client can present a client certificate (mTLS). A browser cannot be told to. */
  readonly clientCertificates: boolean
  /**
   * The client shows a redirect's target without following it, so Latchkey follows under
   * its policy. A browser does not: it follows itself, dropping only `Authorization` on the
   * way to another origin, so a request carrying any other credential is refused
   * (`UNSUPPORTED`) when redirected, before its target gets anything.
   */
  readonly readsRedirects: boolean
  /** The caller can set `Cookie` and `Proxy-Authorization`, which a browser forbids pages to. */
  readonly setsForbiddenHeaders: boolean
  /** The client can upload a one-shot stream; Chromium does only over HTTP/2, and the kit is HTTP/1.1. */
  readonly streamUploads: boolean
  /** The client can be sent through a proxy (an agent, a dispatcher); a page cannot. */
  readonly proxies: boolean
}

/** An adapter as the suite drives it: what `describeAdapter` is given. */
export interface AdapterUnderTest {
  /** Names the adapter in test titles (`fetch`, `ky`, ...). */
  readonly name: string
  /** A new client for `options`, wrapped with `withAuth(client, strategy, options.auth)`. */
  createClient(strategy: AuthStrategy, options: ClientOptions): UniformClient
  /** What the client cannot do; every capability defaults to true. */
  readonly supports?: Partial<Capabilities>
}
