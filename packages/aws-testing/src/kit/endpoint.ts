import type { Handler } from '@latchkey/conformance/kit'
import { json } from '@latchkey/conformance/kit'
import { type SigV4Verdict, type SigV4VerifierOptions, verifySigV4 } from './verify.js'

/** What a SigV4 endpoint answers: the verdict, plus what it received, for assertions. */
export type SigV4Answer = SigV4Verdict & {
  /** The path received. */
  readonly path: string
  /** The query string received, without `?`. */
  readonly query: string
  /** The body received, as text. */
  readonly body: string
}

/**
 * A route that accepts only correctly signed requests: 200 with the verdict when the
 * signature verifies, 403 with the reason (and the canonical request it computed) when
 * not, as an AWS service would refuse it.
 *
 * @example
 * ```ts
 * kit.handle('/aws', sigv4Endpoint({ region: 'us-east-1', service: 'execute-api', keys }))
 * ```
 */
export function sigv4Endpoint(options: SigV4VerifierOptions): Handler {
  return (hop, _url, response) => {
    const verdict = verifySigV4(hop, options)
    const answer: SigV4Answer = {
      ...verdict,
      path: hop.path,
      query: hop.target.includes('?') ? hop.target.slice(hop.target.indexOf('?') + 1) : '',
      body: hop.body.toString('utf8'),
    }
    json(response, verdict.ok ? 200 : 403, answer)
  }
}
