export {
  HANDLED_EVENTS,
  type CommentCreatedPayload,
  type Delivery,
  type DeliveryProcessor,
  type HandledEvent,
  type HandledPayload,
  type IssueUpdatedPayload,
  type ProcessResult,
  type Screening,
  type StatusChangeItem,
  type WebhookIssue,
} from './delivery.ts';
export {
  DEFAULT_DEDUPE_MAX_ENTRIES,
  DEFAULT_DEDUPE_TTL_MS,
  DeliveryDedupe,
  type DedupeOptions,
  type DedupeState,
} from './dedupe-cache.ts';
export { IDENTIFIER_HEADER, isJsonContentType, RETRY_HEADER, SIGNATURE_HEADER } from './headers.ts';
export { parseHandledPayload, type PayloadResult } from './payload-schema.ts';
export { createWebhookReceiver } from './receiver.ts';
export {
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_PENDING_BODY_BYTES,
  DEFAULT_TIME_BUDGET_MS,
  UNAUTHORIZED_BODY,
  type ReceiverOutcome,
  type SharedTokenOptions,
  type WebhookReceiver,
  type WebhookReceiverOptions,
  type WebhookRequest,
  type WebhookResponse,
} from './receiver-types.ts';
export {
  createWebhookApp,
  createWebhookRouter,
  WEBHOOK_PATH,
  type WebhookApp,
  type WebhookBodies,
  type WebhookRouter,
} from './router.ts';
export { parseSignatureHeader, signBody, tokenMatches, verifySignature } from './signature.ts';
