/**
 * Stable machine-readable codes carried by every {@link AuthError}.
 *
 * Compare against these constants, never against messages: messages may be reworded,
 * codes are part of the public API.
 */

/** A strategy or option was given an invalid value; thrown at construction time. */
export const INVALID_CONFIG = 'INVALID_CONFIG'
/**
 * A function you supplied to produce credentials at request time (a `bearer` or `apiKey`
 * function, `tokenLogin`'s `login`, a token exchange's `subjectToken`, an AWS credential
 * provider, a certificate function, a token strategy's `onChallenge`) threw or returned
 * something unusable. The options were fine when the strategy was built; this request
 * could not get a credential. What it threw is the `cause`; what it returned is never
 * shown.
 */
export const CREDENTIAL_UNAVAILABLE = 'CREDENTIAL_UNAVAILABLE'
/** Credentials would have been sent over plain HTTP to a host that is not loopback. */
export const INSECURE_TRANSPORT = 'INSECURE_TRANSPORT'
/**
 * The request URL carries userinfo (`https://user:pass@host/`). Clients turn it into a Basic
 * header before Latchkey sees the request, past its policy, so it is refused: use
 * `basic()` or set the header yourself.
 */
export const CREDENTIALS_IN_URL = 'CREDENTIALS_IN_URL'
/** A redirect pointed somewhere credentials and requests must not go (a non-http(s) scheme). */
export const UNSAFE_REDIRECT = 'UNSAFE_REDIRECT'
/** The redirect chain was longer than the client allows. */
export const TOO_MANY_REDIRECTS = 'TOO_MANY_REDIRECTS'
/** A token endpoint answered with an error status. */
export const TOKEN_ENDPOINT_ERROR = 'TOKEN_ENDPOINT_ERROR'
/** A token endpoint answered 2xx with a body that is not a valid token response. */
export const INVALID_TOKEN_RESPONSE = 'INVALID_TOKEN_RESPONSE'
/**
 * An issuer's discovery document could not be fetched or was not valid, or named another
 * issuer than the one configured (a mix-up the client must refuse).
 */
export const DISCOVERY_FAILED = 'DISCOVERY_FAILED'
/**
 * A user's login was refused before any token was issued: the authorization response
 * carried another `state` or issuer (`iss`, RFC 9207) than the login expects, an error
 * (`access_denied`: the user declined), or no code; or a login without a client id could
 * not register one (RFC 7591: no `registration_endpoint`, or the server refused, its code
 * such as `invalid_redirect_uri` in `oauthError`).
 */
export const LOGIN_FAILED = 'LOGIN_FAILED'
/** A refresh was attempted and failed; the stored token was cleared. */
export const REFRESH_FAILED = 'REFRESH_FAILED'
/** A server's authentication challenge could not be answered. */
export const CHALLENGE_FAILED = 'CHALLENGE_FAILED'
/** The request body is a one-shot stream and cannot be sent a second time. */
export const BODY_NOT_REPLAYABLE = 'BODY_NOT_REPLAYABLE'
/**
 * A request cannot be signed as it stands: its body is a one-shot stream while the
 * signature must cover the payload, or its URL cannot be canonicalized.
 */
export const UNSIGNABLE_REQUEST = 'UNSIGNABLE_REQUEST'
/**
 * A response Latchkey read itself (a token endpoint, a login, discovery, JWKS) was larger
 * than `maxResponseBytes` (64 KiB by default); the connection was closed.
 */
export const RESPONSE_TOO_LARGE = 'RESPONSE_TOO_LARGE'
/** Obtaining a credential took longer than its configured timeout. */
export const TIMEOUT = 'TIMEOUT'
/** The caller aborted while a credential was being obtained. */
export const ABORTED = 'ABORTED'
/**
 * The client or runtime cannot do what the strategy needs (a client certificate through
 * a browser's fetch); thrown by `withAuth` at setup, before any request.
 */
export const UNSUPPORTED = 'UNSUPPORTED'

/** Every {@link AuthError.code}: one of the constants above. */
export type AuthErrorCode =
  | typeof INVALID_CONFIG
  | typeof CREDENTIAL_UNAVAILABLE
  | typeof INSECURE_TRANSPORT
  | typeof CREDENTIALS_IN_URL
  | typeof UNSAFE_REDIRECT
  | typeof TOO_MANY_REDIRECTS
  | typeof TOKEN_ENDPOINT_ERROR
  | typeof INVALID_TOKEN_RESPONSE
  | typeof DISCOVERY_FAILED
  | typeof LOGIN_FAILED
  | typeof REFRESH_FAILED
  | typeof CHALLENGE_FAILED
  | typeof BODY_NOT_REPLAYABLE
  | typeof UNSIGNABLE_REQUEST
  | typeof RESPONSE_TOO_LARGE
  | typeof TIMEOUT
  | typeof ABORTED
  | typeof UNSUPPORTED
