/**
 * The form fields of a token, device or login request that carry a credential: every
 * token request Latchkey sends, its own or openid-client's, registers their values as
 * secrets before it leaves, from this one list.
 */
export const SECRET_FORM_FIELDS: readonly string[] = Object.freeze([
  'client_secret',
  'client_assertion',
  'assertion',
  'refresh_token',
  'device_code',
  'subject_token',
  'actor_token',
  'code',
  'code_verifier',
  'password',
])

/** Headers of a token request that carry a credential (client authentication, a DPoP proof). */
const SECRET_HEADERS = ['authorization', 'dpop']

/**
 * Registers every credential an outgoing token request carries, so a server that echoes
 * one cannot put it into an error: the values of {@link SECRET_FORM_FIELDS} in a form
 * body (`URLSearchParams` or its string), and the `Authorization` and `DPoP` headers as sent.
 */
export function registerRequestSecrets(
  secret: (value: string) => void,
  headers: ConstructorParameters<typeof Headers>[0],
  body: unknown,
): void {
  const sent = new Headers(headers)
  for (const name of SECRET_HEADERS) {
    const value = sent.get(name)
    if (value) secret(value)
  }
  const form =
    body instanceof URLSearchParams
      ? body
      : typeof body === 'string'
        ? new URLSearchParams(body)
        : undefined
  if (form === undefined) return
  for (const name of SECRET_FORM_FIELDS)
    for (const value of form.getAll(name)) if (value) secret(value)
}
