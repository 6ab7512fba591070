import {
  ABORTED,
  AuthError,
  type AuthErrorCode,
  DISCOVERY_FAILED,
  INVALID_TOKEN_RESPONSE,
  isAuthError,
  LOGIN_FAILED,
  TIMEOUT,
  TOKEN_ENDPOINT_ERROR,
} from '@latchkey/core'
import { oauthErrorCode } from '@latchkey/core/strategy'
import { ClientError, ResponseBodyError, WWWAuthenticateChallengeError } from 'openid-client'

/** An error that is not openid-client's (the caller's own callback threw): it goes on as it is. */
export class Passthrough {
  constructor(readonly error: unknown) {}
}

/** Which step failed: discovering the issuer, registering a client, or a call to its token or device endpoints. */
export type Step = 'discovery' | 'registration' | 'token'

/** Per step: the code of a failure, where it happened, and the code of an unusable answer. */
const STEPS = {
  discovery: {
    failed: DISCOVERY_FAILED,
    where: 'discovery',
    invalid: DISCOVERY_FAILED,
    unusable: 'invalid discovery document',
  },
  // A refused registration ends the login before it starts (RFC 7591 error codes).
  registration: {
    failed: LOGIN_FAILED,
    where: 'client registration',
    invalid: LOGIN_FAILED,
    unusable: 'invalid registration response',
  },
  token: {
    failed: TOKEN_ENDPOINT_ERROR,
    where: 'the token endpoint',
    invalid: INVALID_TOKEN_RESPONSE,
    unusable: 'invalid token response',
  },
} as const satisfies Record<
  Step,
  { failed: AuthErrorCode; where: string; invalid: AuthErrorCode; unusable: string }
>

/**
 * Maps whatever openid-client threw onto an `AuthError` with a stable code.
 *
 * openid-client's errors carry the server's response body (which holds tokens) in
 * `cause`, so none of them is chained as it is: the new error keeps the status, the
 * OAuth `error` code (as core's `oauthErrorCode` lets it through: registered codes, or
 * `unregistered_error`) and the library's message (fixed text, no values), nothing else.
 */
export function toAuthError(
  error: unknown,
  strategy: string,
  step: Step,
  containsSecret: (text: string) => boolean,
): unknown {
  const own = findAuthError(error)
  if (own !== undefined) return own
  const { failed, where, invalid } = STEPS[step]
  if (error instanceof ResponseBodyError) {
    const oauthError = oauthErrorCode(error.error, containsSecret)
    return new AuthError(
      failed,
      `${strategy}: ${where} answered ${error.status}${oauthError ? ` (${oauthError})` : ''}`,
      {
        status: error.status,
        ...(oauthError !== undefined && { oauthError }),
        response: { status: error.status, headers: error.response.headers },
      },
    )
  }
  if (error instanceof WWWAuthenticateChallengeError) {
    const code = error.cause.find((challenge) => challenge.parameters.error)?.parameters.error
    const oauthError = oauthErrorCode(code, containsSecret)
    return new AuthError(
      failed,
      `${strategy}: ${where} answered ${error.status} with a challenge${oauthError ? ` (${oauthError})` : ''}`,
      {
        status: error.status,
        ...(oauthError !== undefined && { oauthError }),
        response: { status: error.status, headers: error.response.headers },
      },
    )
  }
  if (error instanceof ClientError) {
    const cause = summary(error)
    switch (error.code) {
      case 'OAUTH_TIMEOUT':
        return new AuthError(TIMEOUT, `${strategy}: ${where} did not answer in time`, { cause })
      case 'OAUTH_ABORT':
        return new AuthError(ABORTED, `${strategy}: the request to ${where} was aborted`, { cause })
      case 'OAUTH_RESPONSE_IS_NOT_CONFORM': {
        const status = (error.cause as { status?: unknown } | undefined)?.status
        return new AuthError(
          failed,
          `${strategy}: ${where} answered ${typeof status === 'number' ? status : 'unexpectedly'}`,
          { cause, ...(typeof status === 'number' && { status }) },
        )
      }
      case 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED':
        if (step === 'discovery')
          return new AuthError(
            DISCOVERY_FAILED,
            `${strategy}: the discovery document names another issuer than the one configured`,
            { cause },
          )
        break
    }
    return new AuthError(invalid, `${strategy}: ${STEPS[step].unusable}: ${error.message}`, {
      cause,
    })
  }
  return new AuthError(invalid, `${strategy}: ${where} failed unexpectedly`, {
    cause: summary(error),
  })
}

/** One of Latchkey's own errors (a refused transport, the grant's timeout) wrapped by the library. */
function findAuthError(error: unknown): AuthError | undefined {
  for (let current = error, depth = 0; depth < 8 && current != null; depth++) {
    if (isAuthError(current)) return current
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/** The library error's name, code and message, without its cause (which holds response bodies). */
function summary(error: unknown): Error {
  if (!(error instanceof Error)) return new Error('unknown error')
  const code = (error as { code?: unknown }).code
  const cause = new Error(
    `${error.name}${typeof code === 'string' ? ` ${code}` : ''}: ${error.message}`,
  )
  cause.name = error.name
  return cause
}
