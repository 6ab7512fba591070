import { withAuth as withAxios } from '@latchkey/axios'
import { TabTokenStore } from '@latchkey/browser'
import { type AuthStrategy, isAuthError } from '@latchkey/core'
import { withAuth as withFetch } from '@latchkey/fetch'
import { withAuth as withKy } from '@latchkey/ky'
import { oidc } from '@latchkey/oidc'
import axios from 'axios'
import ky from 'ky'
import { PAGE_API } from '../shared/wire.js'

/**
 * A single-page app that logs its user in with `oidc.browserLogin()`: `start` sends the
 * tab to the provider; back on this page (the redirect URI), `complete` finishes the
 * login, and fetch, ky and axios call the API with the user's token. Node.js drives it
 * through `window.__latchkeyPage`, and Chromium does the round trip for real.
 */
interface Setup {
  readonly issuer: string
  /** Left out: the app registers itself (RFC 7591). */
  readonly clientId?: string
  readonly redirectUri: string
  readonly scope: string
  readonly resource: string
}

/** Where `browserLogin` keeps a pending login in `sessionStorage`. */
const PENDING = 'latchkey.oidc.login.'
/** The user's tokens live in this tab's session, so a test can tell whether one was stored. */
const store = new TabTokenStore({ name: 'spa', persist: 'sessionStorage' })
let strategy: AuthStrategy | undefined

const login = (setup: Setup) => oidc.browserLogin({ ...setup, store, key: 'spa' })

/** Every pending login in this tab's storage, and whether it holds a PKCE verifier. */
function pending(storage: Storage): { key: string; hasVerifier: boolean }[] {
  return Object.keys(storage)
    .filter((key) => key.startsWith(PENDING))
    .map((key) => ({
      key,
      hasVerifier: typeof JSON.parse(storage.getItem(key) ?? '{}').codeVerifier === 'string',
    }))
}

Object.assign(globalThis, {
  [PAGE_API]: {
    /** Starts the login: the tab leaves for the provider's authorization endpoint. */
    start: (setup: Setup) => login(setup).start(),
    /** What the tab keeps of pending logins: in sessionStorage only, never in localStorage. */
    storage: () => ({ session: pending(sessionStorage), local: pending(localStorage) }),
    /** Finishes the login on the callback URL; an error comes back as its name and code. */
    async complete(setup: Setup) {
      try {
        strategy = await login(setup).complete()
        return { ok: true }
      } catch (error) {
        return {
          ok: false,
          name: (error as Error).name,
          code: isAuthError(error) ? error.code : undefined,
          message: (error as Error).message,
        }
      }
    },
    /** Whether the user's token is in the store. */
    stored: async () => (await store.get('spa')) !== undefined,
    /** Calls `url` with fetch, ky and axios, each with the user's strategy: a status, or what it threw. */
    async call(url: string) {
      if (strategy === undefined) throw new Error('complete() first')
      const viaFetch = withFetch(fetch, strategy)
      const viaKy = withKy(ky.create({ throwHttpErrors: false }), strategy)
      const viaAxios = withAxios(axios.create({ validateStatus: () => true }), strategy)
      const status = (response: Promise<{ status: number }>) =>
        response.then(
          ({ status }) => status,
          (error: unknown) => `${(error as Error).name}: ${(error as Error).message}`,
        )
      return {
        fetch: await status(viaFetch(url)),
        ky: await status(viaKy(url)),
        axios: await status(viaAxios.get(url)),
      }
    },
  },
})
