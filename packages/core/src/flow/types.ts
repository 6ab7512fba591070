import type { AuthEvent } from '../events.js'

/**
 * A request body the driver can read and, when `replayable`, send again: after a 401 that
 * asks for a retry, after a 307/308 redirect, and for strategies that hash it (Digest
 * `auth-int`, request signing).
 */
export interface AuthBody {
  /** False for a one-shot stream: it is never sent a second time, and never sent empty. */
  readonly replayable: boolean
  /** The body in the client's own form, handed back to the client untouched. */
  readonly source: unknown
  /** The exact bytes sent. Rejects with `BODY_NOT_REPLAYABLE` for a one-shot stream. */
  bytes(): Promise<Uint8Array>
}

/** A client-neutral request: no ky, axios or got type leaks into a strategy. */
export interface AuthRequest {
  /** Upper-case method (`GET`, `POST`, ...): the caller's, a flow never changes it. */
  readonly method: string
  /** The full URL; a flow may change its query string. */
  readonly url: URL
  /** The headers to send; a flow adds its credentials here. */
  readonly headers: Headers
  /** The body, or null when there is none. */
  readonly body: AuthBody | null
  /**
   * A client certificate to present in the TLS handshake of this hop (`mtls()`). Adapters
   * map it to their client's TLS mechanism; the exchange removes it wherever credentials
   * are stripped (out of scope, after a cross-origin redirect).
   */
  readonly tls?: ClientCertificate
  /**
   * The proxy this hop travels through, as the client will send it (its proxy settings,
   * `HTTP_PROXY`, a proxy agent or dispatcher). Adapters fill it in; the transport check
   * looks at where the bytes go: plain http through a proxy on another machine is as
   * exposed as plain http to that machine.
   */
  readonly proxy?: URL
}

/**
 * TLS material: PEM text, bytes (a `Uint8Array` or `Buffer`), or, in Node.js, a path to a
 * file holding either. A string is PEM when it contains a `-----BEGIN` line, else a path.
 */
export type TlsSource = string | Uint8Array

/**
 * A client certificate, the way Node's `tls` takes it: `cert` and `key` (PEM), or a
 * PKCS#12 bundle in `pfx`; `passphrase` for an encrypted key or bundle; `ca` to trust
 * for the server's certificate (default: the client's own trust settings).
 *
 * @example
 * ```ts
 * { cert: './client.crt', key: './client.key' }
 * { pfx: readFileSync('client.p12'), passphrase: process.env.P12_PASSWORD }
 * ```
 */
export interface ClientCertificate {
  /** Client certificate chain (PEM, bytes or a path). */
  readonly cert?: TlsSource
  /** Private key of `cert` (PEM, bytes or a path). */
  readonly key?: TlsSource
  /** A PKCS#12 bundle holding both, instead of `cert` and `key`. */
  readonly pfx?: TlsSource
  /** Decrypts an encrypted `key` or `pfx`. */
  readonly passphrase?: string
  /** Certificate authorities to trust for the server; default: the client's own trust settings. */
  readonly ca?: TlsSource | readonly TlsSource[]
}

/** What a strategy sees of a response: status and headers, and the body only on request. */
export interface AuthResponse {
  /** The HTTP status. */
  readonly status: number
  /** The response headers (in a browser, only those the server exposes through CORS). */
  readonly headers: Headers
  /**
   * Reads the body as text without taking it from the caller, failing with
   * `RESPONSE_TOO_LARGE` past `limit` bytes. Adapters provide it where their client lets
   * them (see `peekResponseText` and `peekBufferedText`); token strategies hand it to
   * `onChallenge`. Named apart from `Response.text()`, which would consume the body.
   */
  readonly peekText?: (limit: number) => Promise<string>
}

/**
 * Where a strategy puts its secrets. Drivers strip these on cross-origin redirects,
 * leave requests alone where the caller already set them, and redact their values from
 * errors.
 */
export interface SecretPlacement {
  /** Lower-case header names. */
  readonly headers: readonly string[]
  /** Query parameter names. */
  readonly query: readonly string[]
  /**
   * True when the strategy puts a client certificate on requests (`AuthRequest.tls`):
   * adapters check at setup that their client can present one.
   */
  readonly tls?: boolean
  /**
   * Lower-case names of headers the caller sets that hold secrets the strategy's requests
   * carry (S3's SSE-C customer keys): stripped with the credentials when a redirect leaves
   * the origin and scrubbed from errors, but a request carrying one is still the
   * strategy's to authenticate.
   */
  readonly carried?: readonly string[]
}

/** Milliseconds since the epoch; injectable so tests control time without sleeping. */
export interface Clock {
  /** The current time, in milliseconds since the epoch. */
  now(): number
}

/**
 * A fetch-shaped function for requests a strategy makes itself (token endpoints, logins).
 * It never passes through the intercepted client, so a token request can never be
 * intercepted by the auth it serves.
 */
export type Transport = (request: Request) => Promise<Response>

/** Policy every flow runs under, carried in the context so composite strategies apply it too. */
export interface FlowPolicy {
  /** True when `withAuth` was given `allowInsecureHttp`: credentials may then go over plain http to non-loopback hosts. */
  readonly allowInsecureHttp: boolean
  /**
   * The most bytes Latchkey reads of a response it asked for itself (token endpoints,
   * logins, discovery, JWKS); beyond it the read fails with `RESPONSE_TOO_LARGE`.
   */
  readonly maxResponseBytes: number
}

/** What a strategy's flow gets besides the request: the clock, events, a transport of its own, the policy, and secret registration. */
export interface FlowContext {
  /** The caller's abort signal for this request, if any. */
  readonly signal: AbortSignal | undefined
  /** The time source; tests inject a fake one. */
  readonly clock: Clock
  /** Emits an {@link AuthEvent} to the client's `onEvent` listener. */
  readonly emit: (event: AuthEvent) => void
  /** Sends the strategy's own requests (token endpoints, logins), outside the intercepted client. */
  readonly transport: Transport
  /** The policy the flow runs under. */
  readonly policy: FlowPolicy
  /**
   * Registers a value that must never appear in an error (a refresh token, a client
   * secret): adapters scrub registered values from everything they throw.
   */
  readonly secret: (value: string) => void
  /** True when `text` contains a value registered or sent as a secret (to decide what may be shown). */
  readonly containsSecret: (text: string) => boolean
}

/**
 * One authenticated exchange, httpx style: yield the request to send, receive its
 * response, and yield again to retry (after a refresh, a Digest challenge, a DPoP
 * nonce), or return to hand the response to the caller.
 *
 * A flow may change headers and the URL's query string; method and body are the
 * caller's. The first `next()` is called without a value.
 */
export type AuthFlow = AsyncGenerator<AuthRequest, void, AuthResponse>

/** An authentication strategy: what `withAuth` attaches to a client. Create one with the built-in factories (`bearer()`, `oauth2()`, ...) or `defineStrategy()`. */
export interface AuthStrategy {
  /** Short, stable name used in events, errors and the demo (`basic`, `bearer`, ...). */
  readonly name: string
  /** Where this strategy puts secrets. */
  readonly secrets: SecretPlacement
  /**
   * The strategies this one combines (`chain`, `route`). A composite strategy is never
   * skipped as a whole: each of its parts decides for itself.
   */
  readonly children?: readonly AuthStrategy[]
  /** Starts one authenticated exchange for `request`; see {@link AuthFlow}. */
  flow(request: AuthRequest, ctx: FlowContext): AuthFlow
}
