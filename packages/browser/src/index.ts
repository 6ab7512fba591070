export { TabTokenStore, type TabTokenStoreOptions } from './tab-token-store.js'
