/** The receiver's options and answers, shared by its parts (receiver.ts assembles them). */
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { DedupeOptions, DeliveryDedupe } from './dedupe-cache.ts';
import type { DeliveryProcessor, ProcessResult } from './delivery.ts';

/** 57 times the largest real Jira Cloud capture (18,253 bytes): README "Body limits" */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** four bodies of the largest size, or over 200 real deliveries of 18 KB, being read at once */
export const DEFAULT_MAX_PENDING_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;
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
  /** larger bodies are answered 413 (enforced by the HTTP adapter); default 1 MiB */
  maxBodyBytes?: number;
  /**
   * the bytes of bodies not authenticated by their headers (anything but a valid shared token)
   * being read at once; past it, new requests are answered 503 with Retry-After. At least
   * maxBodyBytes; default 4 MiB
   */
  maxPendingBodyBytes?: number;
  /** a body not received within this (from the end of the headers) is answered 408; 10,000 ms */
  bodyTimeoutMs?: number;
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
  details: {
    status: number;
    background: boolean;
    /** the issue the delivery is about, once its body was read */
    issue?: string;
    /** why it ended so (the log line's reason), when there is one */
    reason?: string;
  },
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
  | 'body-timeout'
  | 'busy'
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
  /** extra response headers (Retry-After) */
  headers?: Record<string, string>;
  outcome: ReceiverOutcome;
}

export interface WebhookReceiver {
  receive(request: WebhookRequest): Promise<WebhookResponse>;
  /**
   * The answer to a body the HTTP layer could not read (too large, compressed, too slow, too many
   * being read, aborted).
   */
  answerUnreadableBody(headers: IncomingHttpHeaders, error: unknown): WebhookResponse;
  /**
   * True when the headers carry the configured shared token: such a body is authenticated before
   * it is read. A signature can only be checked once the whole body is in.
   */
  authenticatedByHeaders(headers: IncomingHttpHeaders): boolean;
  readonly dedupe: DeliveryDedupe;
  readonly maxBodyBytes: number;
  readonly maxPendingBodyBytes: number;
  readonly bodyTimeoutMs: number;
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
