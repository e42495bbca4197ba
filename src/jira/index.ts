export { adfToText, textToAdf } from './adf.ts';
export {
  INTERNAL_COMMENT_PROPERTY,
  ISSUE_FIELDS,
  JiraGateway,
  type AdminWebhook,
  type AdminWebhookInput,
  TransitionUnavailableError,
  type GatewayOptions,
} from './gateway.ts';
export { DEFAULT_RETRY, retryDelay, type RetryOptions } from './retry-policy.ts';
export {
  createJiraTransport,
  type CallRecord,
  type RetryRecord,
  type TransportObserver,
  type TransportOptions,
} from './transport.ts';
export { CallCounter } from './call-counter.ts';
export { errorMessage, isTransientJiraError } from './errors.ts';
export { Pacer, PER_ISSUE_LIMIT } from './pacer.ts';
