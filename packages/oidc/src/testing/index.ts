export * from './provider-kit.js'
export { oidcScenarios } from './scenarios.js'
