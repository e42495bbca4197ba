/** The receiver's options and answers, shared by its parts (receiver.ts assembles them). */
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { DedupeOptions, DeliveryDedupe } from './dedupe-cache.ts';
import type { DeliveryProcessor, ProcessResult } from './delivery.ts';

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
export const DEFAULT_TIME_BUDGET_MS = 5000;

/** What every authentication failure answers, whatever the cause: probers learn nothing. */
export const UNAUTHORIZED_BODY = Object.freeze({ error: 'invalid or missing signature' });

export interface SharedTokenOptions {
  /** the header Jira Automation's "Send web request" puts the token in (case-insensitive) */
  header: string;
  token: string;
}

/** `Screened` is what the processor's screen hands its process (the receiver only passes it on). */
export interface WebhookReceiverOptions<Screened = unknown> {
  /** WEBHOOK_SECRETS: the first is current, the rest are accepted during rotation */
  secrets: readonly string[];
  /** accept Automation web requests carrying this token in this header */
  sharedToken?: SharedTokenOptions;
  /** larger bodies are answered 413 (enforced by the HTTP adapter); default 5 MiB */
  maxBodyBytes?: number;
  /** past this, answer 202 and finish in the background; default 5000 ms */
  timeBudgetMs?: number;
  processor: DeliveryProcessor<Screened>;
  logger: Logger;
  dedupe?: DedupeOptions;
  now?: () => number;
  /**
   * Called once per answer, for metrics: the event (undefined before the body is verified and
   * parsed) and the outcome. A delivery answered 202 reports `processing`, then its final
   * outcome again with `background: true` when processing ends.
   */
  onOutcome?: OutcomeListener;
}

export type OutcomeListener = (
  event: string | undefined,
  outcome: ReceiverOutcome,
  details: { status: number; background: boolean },
) => void;

export interface WebhookRequest {
  /** lower-case names, as node:http gives them */
  headers: IncomingHttpHeaders;
  /** the raw bytes, exactly as received; undefined when the request had no body */
  body: Buffer | undefined;
}

/** How a delivery ended, for the log line (and metrics later). */
export type ReceiverOutcome =
  | 'unsupported-media-type'
  | 'too-large'
  | 'unreadable-body'
  | 'unauthorized'
  | 'malformed-json'
  | 'invalid-payload'
  | 'unhandled-event'
  | 'screened-out'
  | 'duplicate'
  | 'processing'
  | 'internal-error'
  | ProcessResult['outcome'];

export interface WebhookResponse {
  status: number;
  /** JSON body; none for 204 */
  body?: Record<string, unknown>;
  outcome: ReceiverOutcome;
}

export interface WebhookReceiver {
  receive(request: WebhookRequest): Promise<WebhookResponse>;
  /** The answer to a body the HTTP layer could not read (too large, aborted, compressed). */
  answerUnreadableBody(headers: IncomingHttpHeaders, error: unknown): WebhookResponse;
  readonly dedupe: DeliveryDedupe;
  readonly maxBodyBytes: number;
  readonly timeBudgetMs: number;
  /** deliveries being processed now, in time or in the background */
  readonly inFlight: number;
  /** Resolves when every delivery being processed has finished (for shutdown and tests). */
  drain(): Promise<void>;
}

/** The 503 every unexpected failure answers: Jira's retry gets another chance. */
export function internalErrorResponse(): WebhookResponse {
  return {
    status: 503,
    body: { outcome: 'transient-failure', reason: 'internal error' },
    outcome: 'internal-error',
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
