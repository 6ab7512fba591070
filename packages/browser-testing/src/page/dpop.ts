import { dpopKeyPair, TabTokenStore } from '@latchkey/browser'
import { withAuth } from '@latchkey/fetch'
import { oidc } from '@latchkey/oidc'
import { PAGE_API } from '../shared/wire.js'

/**
 * A browser app with DPoP-bound tokens: the key pair from `dpopKeyPair()` (IndexedDB, or
 * memory), the tokens in `sessionStorage`, so a reload keeps both. Driven from Node.js.
 */
interface Setup {
  readonly issuer: string
  readonly clientId: string
  readonly refreshToken: string
  readonly persist: 'memory' | 'indexedDB'
}

let api: typeof fetch | undefined
let keys: CryptoKeyPair | undefined

Object.assign(globalThis, {
  [PAGE_API]: {
    async start({ issuer, clientId, refreshToken, persist }: Setup) {
      keys = await dpopKeyPair({ persist, name: 'test' })
      const store = new TabTokenStore({ name: 'dpop', persist: 'sessionStorage' })
      api = withAuth(
        fetch,
        oidc.refreshToken({ issuer, clientId, refreshToken, dpop: keys, store, key: 'dpop' }),
      )
    },
    async request(url: string) {
      if (api === undefined) throw new Error('start() first')
      return (await api(url)).status
    },
    /** What the key pair shows the page: extractable or not, and its public key's thumbprint. */
    async key() {
      if (keys === undefined) throw new Error('start() first')
      const exported = await crypto.subtle.exportKey('jwk', keys.privateKey).then(
        () => 'exported',
        (error: unknown) => (error as Error).name,
      )
      const { crv, kty, x, y } = await crypto.subtle.exportKey('jwk', keys.publicKey)
      const canonical = JSON.stringify({ crv, kty, x, y })
      const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical))
      return {
        extractable: keys.privateKey.extractable,
        exported,
        thumbprint: btoa(String.fromCharCode(...new Uint8Array(digest))),
      }
    },
  },
})
