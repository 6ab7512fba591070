import { ABORTED, AuthError, type AuthStrategy, TIMEOUT } from '@latchkey/core'
import * as client from 'openid-client'
import { OidcClient } from '../client.js'
import { invalid, type OidcClientOptions, validateClient } from '../config.js'
import { Passthrough } from '../errors.js'
import { oidcStrategy } from '../strategy.js'

/** What to show the user so they can approve the login on another device. */
export interface DeviceAuthorization {
  /** The code the user types at `verificationUri`. */
  readonly userCode: string
  /** The page where the user enters `userCode`. */
  readonly verificationUri: string
  /** The same page with the code filled in, for a link or a QR code, when the provider gives one. */
  readonly verificationUriComplete?: string
  /** Seconds until the code expires. */
  readonly expiresIn: number
  /** Aborts when the login ends without the user (timeout, expiry, `signal`). */
  readonly signal: AbortSignal
}

export interface OidcDeviceCodeOptions extends OidcClientOptions {
  /** Shows the user where to go and which code to enter; called whenever a login is needed. */
  readonly onUserCode: (authorization: DeviceAuthorization) => void | Promise<void>
  /** Cancels a login in progress: requests waiting for it fail with `ABORTED`. */
  readonly signal?: AbortSignal
}

/** How long a login may take by default: long enough for a person, in milliseconds. */
const LOGIN_TIMEOUT = 15 * 60 * 1000

/**
 * The device authorization grant (RFC 8628), for command-line tools and devices without a
 * browser: the first request that needs a token starts a login, `onUserCode` tells the
 * user where to approve it, and the token endpoint is polled at the provider's
 * `interval` (slower after `slow_down`) until they do. Refresh tokens are then used and
 * rotated by the token engine; a login runs again only when they stop working.
 *
 * `timeout` (default 15 minutes) bounds a whole login; `signal` cancels one.
 *
 * @example
 * ```ts
 * oidc.deviceCode({
 *   issuer: 'https://login.example.com',
 *   clientId: 'my-cli',
 *   scope: 'openid offline_access api',
 *   onUserCode: ({ verificationUri, userCode }) =>
 *     console.error(`Open ${verificationUri} and enter ${userCode}`),
 * })
 * ```
 */
export function deviceCode(options: OidcDeviceCodeOptions): AuthStrategy {
  const name = 'oidc.deviceCode'
  const config = validateClient(name, options)
  const { onUserCode, signal: cancel } = options
  if (typeof onUserCode !== 'function') throw invalid(name, 'onUserCode must be a function')
  if (cancel !== undefined && !(cancel instanceof AbortSignal))
    throw invalid(name, 'signal must be an AbortSignal')
  const oidcClient = new OidcClient(name, config)

  return oidcStrategy(
    name,
    oidcClient,
    {
      acquire: (ctx) =>
        oidcClient.grant(ctx, async (configuration, dpop) => {
          const started = await client.initiateDeviceAuthorization(
            configuration,
            oidcClient.parameters(),
          )
          const expired = AbortSignal.timeout(started.expires_in * 1000)
          const signal = AbortSignal.any([ctx.signal, expired, ...(cancel ? [cancel] : [])])
          try {
            await onUserCode({
              userCode: started.user_code,
              verificationUri: started.verification_uri,
              ...(started.verification_uri_complete !== undefined && {
                verificationUriComplete: started.verification_uri_complete,
              }),
              expiresIn: started.expires_in,
              signal,
            })
          } catch (error) {
            throw new Passthrough(error)
          }
          try {
            return await client.pollDeviceAuthorizationGrant(configuration, started, undefined, {
              ...dpop,
              signal,
            })
          } catch (error) {
            if (ctx.signal.aborted) throw error
            if (cancel?.aborted)
              throw new AuthError(ABORTED, `${name}: the login was cancelled`, {
                cause: cancel.reason,
              })
            if (expired.aborted)
              throw new AuthError(
                TIMEOUT,
                `${name}: the code expired before the user approved the login`,
              )
            throw error
          }
        }),
      refresh: (refreshToken, ctx) =>
        oidcClient.grant(ctx, (configuration, dpop) =>
          client.refreshTokenGrant(configuration, refreshToken, oidcClient.parameters(), dpop),
        ),
    },
    { ...options, timeout: options.timeout ?? LOGIN_TIMEOUT },
    [config.issuer.href, config.clientId, config.scope, config.resource],
  )
}
