import type { Handler, Hop } from '@latchkey/conformance/kit'
import { json } from '@latchkey/conformance/kit'
import type { ReceivedRequest } from './verifier/received.js'
import {
  type HttpSignatureVerdict,
  type HttpSignatureVerifierOptions,
  verifyHttpSignature,
} from './verifier/verify.js'

/** What an HTTP signature endpoint answers: the verdict, plus what it received. */
export type HttpSignatureAnswer = HttpSignatureVerdict & {
  /** The path received. */
  readonly path: string
  /** The body received, as text. */
  readonly body: string
}

/** Options of {@link httpSignatureEndpoint}: the verifier's, and how it asks for signatures. */
export interface HttpSignatureEndpointOptions extends HttpSignatureVerifierOptions {
  /** Sent as `Accept-Signature` on every 401, asking for a signature (RFC 9421 section 5.1). */
  readonly acceptSignature?: string
}

/** A kit hop as the verifier reads it. */
export function receivedRequest(hop: Hop): ReceivedRequest {
  return {
    scheme: new URL(hop.origin).protocol.slice(0, -1),
    method: hop.method,
    target: hop.target,
    rawHeaders: hop.rawHeaders,
    body: hop.body,
  }
}

/**
 * A route that accepts only requests whose signatures verify: 200 with the verdict, or
 * 401 with the reason (and the base it computed), plus `Accept-Signature` when configured.
 *
 * @example
 * ```ts
 * kit.handle('/signed', httpSignatureEndpoint({ keys: { 'client-1': { algorithm: 'ed25519', key: publicPem } } }))
 * ```
 */
export function httpSignatureEndpoint(options: HttpSignatureEndpointOptions): Handler {
  return (hop, _url, response) => {
    let verdict: HttpSignatureVerdict
    try {
      verdict = verifyHttpSignature(receivedRequest(hop), options)
    } catch (error) {
      // A bug in the verifier must fail the scenario, not hang it.
      json(response, 500, { ok: false, reason: `the verifier threw: ${String(error)}` })
      return
    }
    const answer: HttpSignatureAnswer = {
      ...verdict,
      path: hop.path,
      body: hop.body.toString('utf8'),
    }
    if (!verdict.ok && options.acceptSignature !== undefined) {
      response.setHeader('accept-signature', options.acceptSignature)
    }
    json(response, verdict.ok ? 200 : 401, answer)
  }
}
