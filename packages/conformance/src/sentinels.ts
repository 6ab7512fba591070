/**
 * Secrets used by every scenario. Each is unique and long enough that finding it
 * anywhere it should not be (a hop to another origin, an error, an event) is a plain
 * string search.
 */
export const SENTINEL = Object.freeze({
  /** The Basic and password-grant username. */
  username: 'sentinel-user',
  /** Non-ASCII on purpose: Basic must encode it as UTF-8. */
  password: 'sentinel-pässwörd-Ω-4f1c',
  /** A bearer token. */
  token: 'sentinel-token-8d2b0c71',
  /** A bearer token a function returns. */
  asyncToken: 'sentinel-async-token-3e9a',
  /** An API key sent in a header. */
  apiKey: 'sentinel-apikey-51e7a0',
  /** An API key sent in the query. */
  queryKey: 'sentinel-querykey-a7c2',
  /** A cookie the caller sets. */
  cookie: 'sentinel-cookie-9b41',
  /** Proxy credentials (`Proxy-Authorization`). */
  proxy: 'sentinel-proxy-0c55',
  /** An OAuth client secret. */
  clientSecret: 'sentinel-client-secret-6e0d',
  /** The refresh token an OAuth strategy is configured with. */
  refreshToken: 'sentinel-refresh-initial-2b77',
  /** Never sent: it keys the HMAC. */
  awsSecretKey: 'sentinel-aws-secret-key-2f6d',
  /** An AWS session token, sent as `x-amz-security-token`. */
  awsSessionToken: 'sentinel-aws-session-token-e4b7',
})

/** Every sentinel, and the forms they take on the wire (base64 for Basic). */
export function sentinelForms(): string[] {
  const values: string[] = Object.values(SENTINEL).filter((value) => value !== SENTINEL.username)
  const basic = Buffer.from(`${SENTINEL.username}:${SENTINEL.password}`, 'utf8').toString('base64')
  return [...values, basic, encodeURIComponent(SENTINEL.password)]
}
