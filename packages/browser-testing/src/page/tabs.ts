import { TabTokenStore } from '@latchkey/browser'
import { SENTINEL } from '@latchkey/conformance'
import { oauth2 } from '@latchkey/core'
import { withAuth } from '@latchkey/fetch'
import { PAGE_API, type WireKit } from '../shared/wire.js'

/**
 * One tab of an app: a refresh-token client whose tokens live in a {@link TabTokenStore}
 * shared with the other tabs. Node.js drives it through `window.__latchkeyPage`.
 */
const origins = (globalThis as unknown as { __latchkeyOrigins: WireKit }).__latchkeyOrigins
const query = new URLSearchParams(location.search)
if (query.has('isolated')) {
  // A browser without Web Locks and BroadcastChannel: the store falls back to memory.
  Reflect.deleteProperty(Navigator.prototype, 'locks')
  Reflect.deleteProperty(globalThis, 'BroadcastChannel')
}
let skew = 0
const store = new TabTokenStore({ name: query.get('store') ?? 'tabs' })
const api = withAuth(
  fetch,
  oauth2.refreshToken({
    tokenUrl: `${origins.http}/oauth/token`,
    clientId: 'conformance',
    clientSecret: SENTINEL.clientSecret,
    refreshToken: SENTINEL.refreshToken,
    store,
  }),
  { clock: { now: () => Date.now() + skew } },
)

Object.assign(globalThis, {
  [PAGE_API]: {
    /** Moves this tab's clock on, past the token's expiry. */
    advance: (seconds: number) => {
      skew += seconds * 1000
    },
    request: async (path: string) => (await api(`${origins.http}${path}`)).status,
  },
})
