export { JiraGateway, type GatewayOptions } from './gateway.ts';
export type { AdminWebhook, Transition } from './mapping.ts';
export type { AdminWebhookInput } from './admin-webhooks.ts';
export type { RetryOptions } from './retry-policy.ts';
export {
  createJiraTransport,
  type CallRecord,
  type RetryRecord,
  type TransportObserver,
} from './transport.ts';
export { CallCounter } from './call-counter.ts';
export { credentialsAdvice, CredentialsRefusedError } from './http-errors.ts';
export {
  errorMessage,
  isJiraRefusal,
  isPermanentJiraError,
  isTransientJiraError,
  jiraErrorText,
  refusalText,
  TransitionBlockedError,
  TransitionUnavailableError,
} from './errors.ts';
export type { TransitionVia } from './transition-choice.ts';
export { pickTransition, screenProblem } from './transition-choice.ts';
export { Pacer } from './pacer.ts';
export type { ServiceDesk } from './site-reads.ts';
