export * from './kit.js'
export { oidcScenarios } from './scenarios.js'
