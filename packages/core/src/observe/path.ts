import type { SecretSet } from '../redact/secret-set.js'
import { REDACTED } from '../redact/secret-set.js'

/** Query parameter names whose values are treated as secrets wherever they appear. */
const SECRET_NAME =
  /token|key|secret|sig|password|passw|pwd|code|auth|credential|session|assertion|nonce|ticket|otp/i

/**
 * `url`'s path and query as the audit trail shows it: the value of every query parameter
 * whose name looks secret, or that the strategy declares, replaced, and every secret the
 * authenticator knows (sent or registered) scrubbed from what is left.
 */
export function auditPath(url: URL, declared: readonly string[], secrets: SecretSet): string {
  let query = ''
  if (url.search !== '') {
    const params = new URLSearchParams()
    for (const [name, value] of url.searchParams)
      params.append(name, SECRET_NAME.test(name) || declared.includes(name) ? REDACTED : value)
    query = `?${params.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED)}`
  }
  return secrets.scrub(`${url.pathname}${query}`)
}
