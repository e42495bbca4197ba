/**
 * The sandbox Jira (src/sandbox/README.md): an in-memory Jira Cloud site speaking REST v3 for the subset the
 * service uses. The service imports it only to start it in the embedded default.
 */
export {
  createSandbox,
  type RunningSandbox,
  type Sandbox,
  type SandboxOptions,
  type SandboxWebhooks,
} from './sandbox.ts';
export { SandboxStore, TransitionNotAvailable, type SandboxEvent } from './store.ts';
export type { BulkSeedOptions, ChangeOptions, IssueEdit, NewComment, NewIssue } from './store.ts';
export { Site } from './site.ts';
export { SandboxClock } from './clock.ts';
export { basicAuthHeader } from './http/auth.ts';
export type { CallStats, CallStatsSnapshot } from './http/call-stats.ts';
export type { FaultInjector, FaultSettings, FaultSettingsInput } from './http/faults.ts';
export { SEARCH_LIMITS } from './http/search-routes.ts';
export { EMBEDDED_CHANGELOG_LIMITS } from './render.ts';
export { DEFAULT_SEED_FILE, loadSeedFile, parseSeed } from './seed/load-seed.ts';
export { DEMO_SEED_FILE, withDemoSeed } from './seed/demo-seed.ts';
export type { SandboxSeed } from './seed/seed-schema.ts';
export { hubSignature } from './webhooks/signature.ts';
export { isRetryableStatus } from './webhooks/dispatcher.ts';
export type {
  DeliveryAttempt,
  DeliveryRecord,
  WebhookDeliveryOptions,
} from './webhooks/dispatcher.ts';
export type { AdminWebhook, WebhookInput } from './webhooks/registry.ts';
export { parseJql, JqlError, type JqlQuery } from './jql/parse.ts';
export { compileJql } from './jql/compile.ts';
export { formatJiraTimestamp } from './jira-time.ts';
export type * from './model.ts';
