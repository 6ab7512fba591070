export { type DPoPKeyPairOptions, dpopKeyPair } from './dpop-key-pair.js'
export { TabTokenStore, type TabTokenStoreOptions } from './tab-token-store.js'
