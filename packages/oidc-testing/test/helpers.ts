export {
  firstRequest,
  networkFlowContext as context,
  rejection,
  testRequest as request,
} from '@latchkey/core/testing'
