import { bodyScenarios } from './scenarios/bodies.js'
import { clientFeatureScenarios } from './scenarios/client-features.js'
import { clientHookScenarios } from './scenarios/client-hooks.js'
import { concurrencyScenarios } from './scenarios/concurrency.js'
import { configurationScenarios } from './scenarios/configuration.js'
import { credentialScenarios } from './scenarios/credentials.js'
import { digestScenarios } from './scenarios/digest.js'
import { digestApacheScenarios } from './scenarios/digest-apache.js'
import { digestStrictScenarios } from './scenarios/digest-strict.js'
import { echoedCredentialScenarios } from './scenarios/echoed-credentials.js'
import { errorScenarios } from './scenarios/errors.js'
import { explicitScenarios } from './scenarios/explicit.js'
import { finalErrorScenarios } from './scenarios/final-errors.js'
import { headerValueScenarios } from './scenarios/header-values.js'
import { hostileTokenEndpointScenarios } from './scenarios/hostile-token-endpoints.js'
import { listenerScenarios } from './scenarios/listeners.js'
import { mtlsScenarios } from './scenarios/mtls.js'
import { observabilityScenarios } from './scenarios/observability.js'
import { onChallengeScenarios } from './scenarios/on-challenge.js'
import { paginationScenarios } from './scenarios/pagination.js'
import { proxyScenarios } from './scenarios/proxies.js'
import { proxyAuthScenarios } from './scenarios/proxy-auth.js'
import { proxySquidScenarios } from './scenarios/proxy-squid.js'
import { redirectMethodScenarios } from './scenarios/redirect-methods.js'
import { redirectScenarios } from './scenarios/redirects.js'
import { scopeScenarios } from './scenarios/scope.js'
import { tokenScenarios } from './scenarios/tokens.js'
import { transportScenarios } from './scenarios/transport.js'
import { userinfoScenarios } from './scenarios/userinfo.js'
import type { Suite } from './suite.js'

/** A group of scenarios registered inside the suite, sharing its kit and client factory. */
export type ScenarioGroup = (suite: Suite) => void

export {
  bodyScenarios,
  clientFeatureScenarios,
  clientHookScenarios,
  concurrencyScenarios,
  configurationScenarios,
  credentialScenarios,
  digestApacheScenarios,
  digestScenarios,
  digestStrictScenarios,
  echoedCredentialScenarios,
  errorScenarios,
  explicitScenarios,
  finalErrorScenarios,
  headerValueScenarios,
  hostileTokenEndpointScenarios,
  listenerScenarios,
  mtlsScenarios,
  observabilityScenarios,
  onChallengeScenarios,
  paginationScenarios,
  proxyAuthScenarios,
  proxyScenarios,
  proxySquidScenarios,
  redirectMethodScenarios,
  redirectScenarios,
  scopeScenarios,
  tokenScenarios,
  transportScenarios,
  userinfoScenarios,
}

/**
 * Every group of core's strategies, in the order `describeAdapter` registers them. The
 * scenarios of strategies in their own packages come from those packages' testing kits
 * (`@latchkey/oidc-testing`, `@latchkey/aws-testing`, `@latchkey/http-signature-testing`).
 */
export const coreScenarioGroups: readonly ScenarioGroup[] = [
  credentialScenarios,
  configurationScenarios,
  explicitScenarios,
  scopeScenarios,
  redirectScenarios,
  redirectMethodScenarios,
  transportScenarios,
  proxyScenarios,
  proxyAuthScenarios,
  proxySquidScenarios,
  userinfoScenarios,
  bodyScenarios,
  concurrencyScenarios,
  clientFeatureScenarios,
  paginationScenarios,
  clientHookScenarios,
  errorScenarios,
  finalErrorScenarios,
  tokenScenarios,
  onChallengeScenarios,
  digestScenarios,
  digestStrictScenarios,
  digestApacheScenarios,
  mtlsScenarios,
  hostileTokenEndpointScenarios,
  echoedCredentialScenarios,
  listenerScenarios,
  headerValueScenarios,
  observabilityScenarios,
]
