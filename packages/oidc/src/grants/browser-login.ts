import {
  AuthError,
  type AuthStrategy,
  LOGIN_FAILED,
  type StoredToken,
  type TokenStore,
} from '@latchkey/core'
import { invalid } from '../config.js'
import type { AuthorizationParameters, PendingLogin } from '../login/authorization.js'
import { type OidcWebLoginOptions, redirectLogin } from './web-login.js'

/** The part of `Storage` the login needs: `sessionStorage` by default. */
export interface LoginStorage {
  /** The value kept under `key`, or null. */
  getItem(key: string): string | null
  /** Keeps `value` under `key`. */
  setItem(key: string, value: string): void
  /** Forgets `key`. */
  removeItem(key: string): void
}

export interface OidcBrowserLoginOptions extends OidcWebLoginOptions {
  /** Where the pending login waits for the round trip. Default `sessionStorage`. */
  readonly storage?: LoginStorage
  /** Sends the browser to the provider. Default `location.assign`. */
  readonly navigate?: (url: string) => void
}

/** The two halves of a single-page app's login, as `oidc.browserLogin()` returns them. */
export interface BrowserLogin {
  /** Keeps the PKCE verifier and state for the round trip, and goes to the provider. */
  start(parameters?: AuthorizationParameters): Promise<void>
  /**
   * On the callback page: checks the URL (default `location.href`), exchanges the code
   * and returns the user's strategy. The pending login is removed whatever happens.
   */
  complete(callbackUrl?: string | URL): Promise<AuthStrategy>
}

const PREFIX = 'latchkey.oidc.login.'
const CLIENTS = 'latchkey.oidc.client.'

/** A store over `storage`: where a registered client (RFC 7591) outlives the redirect. */
function storageStore(storage: LoginStorage): TokenStore {
  return {
    async get(key) {
      const saved = storage.getItem(`${CLIENTS}${key}`)
      if (saved === null) return undefined
      try {
        return JSON.parse(saved) as StoredToken
      } catch {
        return undefined
      }
    },
    async set(key, value) {
      storage.setItem(`${CLIENTS}${key}`, JSON.stringify(value))
    },
    async delete(key) {
      storage.removeItem(`${CLIENTS}${key}`)
    },
  }
}

/**
 * A person logs in to a single-page app: the authorization code grant with PKCE, in
 * the browser (a public client, no secret). `start` keeps the verifier, state and nonce
 * in `sessionStorage` (this tab, this round trip only, under the state's name) and
 * redirects; the callback page calls `complete`.
 *
 * Without a `clientId`, `start` first registers a public client for `redirectUri` (RFC
 * 7591) and keeps it in `storage` too (a public client: its id is no secret), so the callback
 * page, and later logins in this tab, use the same client.
 *
 * @example
 * ```ts
 * const login = oidc.browserLogin({ issuer, clientId: 'spa', redirectUri: `${location.origin}/callback`, scope: 'openid' })
 * if (location.pathname === '/callback') api = withAuth(fetch, await login.complete())
 * else await login.start()
 * ```
 */
export function browserLogin(options: OidcBrowserLoginOptions): BrowserLogin {
  const name = 'oidc.browserLogin'
  const storage =
    options.storage ?? (globalThis as { sessionStorage?: LoginStorage }).sessionStorage
  const navigate =
    options.navigate ??
    ((url: string) =>
      (globalThis as { location?: { assign(url: string): void } }).location?.assign(url))
  if (storage === undefined || typeof storage.getItem !== 'function')
    throw invalid(name, 'storage must be given where there is no sessionStorage')
  if (typeof navigate !== 'function') throw invalid(name, 'navigate must be a function')
  // A client registered at `start` must still be known on the callback page.
  const login = redirectLogin(name, options, storageStore(storage))

  return {
    async start(extra) {
      const { url, pending } = await login.start(extra)
      storage.setItem(`${PREFIX}${pending.state}`, JSON.stringify(pending))
      navigate(url)
    },
    async complete(callbackUrl) {
      const url = new URL(
        callbackUrl ?? (globalThis as { location?: { href: string } }).location?.href ?? '',
      )
      const state = url.searchParams.get('state') ?? ''
      const saved = storage.getItem(`${PREFIX}${state}`)
      storage.removeItem(`${PREFIX}${state}`)
      if (saved === null)
        throw new AuthError(
          LOGIN_FAILED,
          `${name}: no login was started in this tab with the callback's state (a forged, replayed or stale callback)`,
        )
      return login.finish(url, JSON.parse(saved) as PendingLogin)
    },
  }
}
