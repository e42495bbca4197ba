/**
 * The webhook receiver without HTTP: from a request's headers and raw bytes to a status code, in
 * the order DESIGN section 4 asks for (content type, verify, parse, dispatch, schema, screen,
 * dedupe, process within a time budget). The express router (router.ts) is a thin adapter over it,
 * and tests or benchmarks can call `receive()` directly.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { DeliveryDedupe, type DedupeOptions } from './dedupe-cache.ts';
import {
  HANDLED_EVENTS,
  type Delivery,
  type DeliveryProcessor,
  type HandledEvent,
  type ProcessResult,
} from './delivery.ts';
import { parseHandledPayload } from './payload-schema.ts';
import {
  headerText,
  IDENTIFIER_HEADER,
  isJsonContentType,
  retryCount,
  RETRY_HEADER,
  SIGNATURE_HEADER,
} from './headers.ts';
import { errorForLog } from './safe-error.ts';
import { parseSignatureHeader, tokenMatches, verifySignature } from './signature.ts';

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
export const DEFAULT_TIME_BUDGET_MS = 5000;

/** What every authentication failure answers, whatever the cause: probers learn nothing. */
export const UNAUTHORIZED_BODY = Object.freeze({ error: 'invalid or missing signature' });

export interface SharedTokenOptions {
  /** the header Jira Automation's "Send web request" puts the token in (case-insensitive) */
  header: string;
  token: string;
}

export interface WebhookReceiverOptions {
  /** WEBHOOK_SECRETS: the first is current, the rest are accepted during rotation */
  secrets: readonly string[];
  /** accept Automation web requests carrying this token in this header */
  sharedToken?: SharedTokenOptions;
  /** larger bodies are answered 413 (enforced by the HTTP adapter); default 5 MiB */
  maxBodyBytes?: number;
  /** past this, answer 202 and finish in the background; default 5000 ms */
  timeBudgetMs?: number;
  processor: DeliveryProcessor;
  logger: Logger;
  dedupe?: DedupeOptions;
  now?: () => number;
  /**
   * Called once per answer, for metrics: the event (undefined before the body is verified and
   * parsed) and the outcome. A delivery answered 202 reports `processing`, then its final
   * outcome again with `background: true` when processing ends.
   */
  onOutcome?: (
    event: string | undefined,
    outcome: ReceiverOutcome,
    details: { status: number; background: boolean },
  ) => void;
}

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

type Settled = { result: ProcessResult } | { error: unknown };

const TIMED_OUT = Symbol('timed out');
const PROCESS_OUTCOMES = new Set<string>(['acted', 'no-action', 'failed', 'transient-failure']);

export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  const secrets = options.secrets.filter((secret) => secret !== '');
  const sharedToken = options.sharedToken
    ? { header: options.sharedToken.header.trim().toLowerCase(), token: options.sharedToken.token }
    : undefined;
  if (sharedToken && (sharedToken.header === '' || sharedToken.token === '')) {
    throw new TypeError('webhook sharedToken needs a header name and a non-empty token');
  }
  if (secrets.length === 0 && !sharedToken) {
    throw new TypeError(
      'the webhook receiver needs WEBHOOK_SECRETS or a shared token: unsigned deliveries are never accepted',
    );
  }
  const maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  const timeBudgetMs = positive('timeBudgetMs', options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS);
  const { processor, logger } = options;
  const now = options.now ?? Date.now;
  const dedupe = new DeliveryDedupe({ now, ...options.dedupe });
  const inFlight = new Set<Promise<unknown>>();
  const secretValues = sharedToken ? [...secrets, sharedToken.token] : secrets;

  /**
   * The one line per delivery, at warn when something is wrong, and the outcome report. `event`
   * is what the body said, once it is known (the delivery's child logger already carries it).
   */
  function answer(
    log: Logger,
    event: string | undefined,
    response: WebhookResponse,
    fields: Record<string, unknown> = {},
    message = 'webhook delivery',
  ): WebhookResponse {
    const level = response.status >= 400 || response.outcome === 'failed' ? 'warn' : 'info';
    log[level]({ status: response.status, outcome: response.outcome, ...fields }, message);
    try {
      options.onOutcome?.(event, response.outcome, {
        status: response.status,
        background: fields.background === true,
      });
    } catch (error) {
      log.error({ err: errorForLog(error, secretValues) }, 'the onOutcome callback failed');
    }
    return response;
  }

  function authenticate(
    raw: Buffer,
    headers: IncomingHttpHeaders,
  ): { via: Delivery['via'] } | { problem: string; hint: string } {
    const signature = headerText(headers, SIGNATURE_HEADER);
    if (signature !== undefined && verifySignature(raw, signature, secrets)) {
      return { via: 'signature' };
    }
    const token = sharedToken ? headerText(headers, sharedToken.header) : undefined;
    if (sharedToken && token !== undefined && tokenMatches(token, sharedToken.token)) {
      return { via: 'token' };
    }
    if (token !== undefined && signature === undefined) {
      return {
        problem: 'shared token mismatch',
        hint: `check that the Automation rule sends the token of WEBHOOK_SHARED_TOKEN in the ${sharedToken?.header} header`,
      };
    }
    const parsed = parseSignatureHeader(signature);
    return {
      problem: 'problem' in parsed ? `signature ${parsed.problem}` : 'signature mismatch',
      hint: 'check that the webhook secret in Jira matches WEBHOOK_SECRETS',
    };
  }

  async function receive(request: WebhookRequest): Promise<WebhookResponse> {
    const receivedAtMs = now();
    const { headers } = request;
    const raw = request.body ?? Buffer.alloc(0);
    const claimedId = headerText(headers, IDENTIFIER_HEADER)?.slice(0, 200);
    const early = claimedId === undefined ? logger : logger.child({ delivery: claimedId });

    if (!isJsonContentType(headerText(headers, 'content-type'))) {
      return answer(early, undefined, {
        status: 415,
        body: { error: 'expected Content-Type: application/json' },
        outcome: 'unsupported-media-type',
      });
    }

    const auth = authenticate(raw, headers);
    if ('problem' in auth) {
      // The reason stays in the log; the caller gets the same answer whatever it was.
      return answer(
        early,
        undefined,
        { status: 401, body: { ...UNAUTHORIZED_BODY }, outcome: 'unauthorized' },
        { reason: auth.problem },
        `webhook delivery rejected: ${auth.hint}`,
      );
    }

    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return answer(early, undefined, {
        status: 400,
        body: { error: 'malformed JSON' },
        outcome: 'malformed-json',
      });
    }

    const event = isRecord(body) ? body.webhookEvent : undefined;
    if (typeof event !== 'string' || event === '') {
      return answer(early, undefined, {
        status: 400,
        body: { error: 'webhookEvent: required (string)' },
        outcome: 'invalid-payload',
      });
    }
    if (!isHandledEvent(event)) {
      return answer(early, event, { status: 204, outcome: 'unhandled-event' }, { event });
    }

    const parsed = parseHandledPayload(event, body, receivedAtMs);
    if (!parsed.ok) {
      const error = `invalid ${event} payload: ${parsed.reason}`;
      return answer(
        early,
        event,
        { status: 400, body: { error }, outcome: 'invalid-payload' },
        { event, reason: parsed.reason },
      );
    }
    const payload = parsed.payload;
    const identifier = claimedId || `body-sha256:${createHash('sha256').update(raw).digest('hex')}`;
    const retry = retryCount(headerText(headers, RETRY_HEADER));
    const log = logger.child({ delivery: identifier, event, issue: payload.issue.key, retry });

    let ignored: string | undefined;
    try {
      ignored = processor.screen(payload);
    } catch (error) {
      log.error({ err: errorForLog(error, secretValues) }, 'screening the delivery failed');
      return answer(log, event, {
        status: 503,
        body: { outcome: 'transient-failure', reason: 'internal error' },
        outcome: 'internal-error',
      });
    }
    if (ignored !== undefined) {
      log.debug({ reason: ignored }, 'delivery screened out');
      return answer(log, event, { status: 204, outcome: 'screened-out' }, { reason: ignored });
    }

    const seen = dedupe.claim(identifier);
    if (seen !== undefined) {
      return answer(
        log,
        event,
        { status: 200, body: { duplicate: true }, outcome: 'duplicate' },
        { state: seen },
      );
    }

    const delivery: Delivery = {
      identifier,
      retry,
      payload,
      receivedAtMs,
      via: auth.via,
    };
    return processWithinBudget(delivery, log);
  }

  async function processWithinBudget(delivery: Delivery, log: Logger): Promise<WebhookResponse> {
    const event = delivery.payload.webhookEvent;
    // 'background' is set by the timer itself, so the conclusion happens exactly once: inline
    // when processing ends within the budget, in the background otherwise.
    let mode: 'waiting' | 'background' = 'waiting';
    const settled = settle(delivery, log);
    const tracked = settled.then((late) => {
      if (mode !== 'background') return;
      try {
        answer(log, event, conclude(delivery, late, log), {
          background: true,
          ...reasonField(late),
        });
      } catch {
        // Logging must never take the process down.
      }
    });
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));

    let timer: ReturnType<typeof setTimeout> | undefined;
    const budget = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => {
        mode = 'background';
        resolve(TIMED_OUT);
      }, timeBudgetMs);
    });
    const first = await Promise.race([settled, budget]);
    clearTimeout(timer);

    if (first === TIMED_OUT) {
      // Answer before Jira's own timeout makes it retry; the catch-up sweep is the safety net.
      return answer(log, event, {
        status: 202,
        body: { outcome: 'processing' },
        outcome: 'processing',
      });
    }
    return answer(log, event, conclude(delivery, first, log), reasonField(first));
  }

  /** Runs the processor; never rejects, so nothing can become an unhandled rejection. */
  async function settle(delivery: Delivery, log: Logger): Promise<Settled> {
    try {
      const result: unknown = await processor.process(delivery, log);
      if (!isProcessResult(result)) {
        return { error: new TypeError('the processor returned no valid ProcessResult') };
      }
      return { result };
    } catch (error) {
      return { error };
    }
  }

  /** Turns what processing came to into an answer, and tells the dedupe cache. */
  function conclude(delivery: Delivery, settled: Settled, log: Logger): WebhookResponse {
    if ('error' in settled) {
      // Unknown failures are treated as transient: Jira's retry gets another chance.
      dedupe.forget(delivery.identifier);
      log.error(
        { err: errorForLog(settled.error, secretValues) },
        'processing the delivery failed',
      );
      return {
        status: 503,
        body: { outcome: 'transient-failure', reason: 'internal error' },
        outcome: 'internal-error',
      };
    }
    const { outcome, reason } = settled.result;
    if (outcome === 'transient-failure') {
      dedupe.forget(delivery.identifier);
      return { status: 503, body: { outcome, reason }, outcome };
    }
    dedupe.complete(delivery.identifier);
    return { status: 200, body: { outcome, reason }, outcome };
  }

  function answerUnreadableBody(headers: IncomingHttpHeaders, error: unknown): WebhookResponse {
    const claimedId = headerText(headers, IDENTIFIER_HEADER)?.slice(0, 200);
    const log = claimedId === undefined ? logger : logger.child({ delivery: claimedId });
    const type = isRecord(error) && typeof error.type === 'string' ? error.type : undefined;
    if (type === 'entity.too.large') {
      return answer(log, undefined, {
        status: 413,
        body: { error: `body larger than ${maxBodyBytes} bytes` },
        outcome: 'too-large',
      });
    }
    if (type === 'encoding.unsupported') {
      return answer(log, undefined, {
        status: 415,
        body: { error: 'unsupported Content-Encoding' },
        outcome: 'unsupported-media-type',
      });
    }
    const status = isRecord(error) ? error.status : undefined;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return answer(
        log,
        undefined,
        { status, body: { error: 'unreadable body' }, outcome: 'unreadable-body' },
        { reason: type },
      );
    }
    log.error({ err: errorForLog(error, secretValues) }, 'reading the webhook body failed');
    return answer(log, undefined, {
      status: 500,
      body: { error: 'internal error' },
      outcome: 'internal-error',
    });
  }

  return {
    receive,
    answerUnreadableBody,
    dedupe,
    maxBodyBytes,
    timeBudgetMs,
    get inFlight() {
      return inFlight.size;
    },
    async drain() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}

function reasonField(settled: Settled): Record<string, unknown> {
  return 'result' in settled ? { reason: settled.result.reason } : {};
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`webhook ${name} must be a positive number, got ${value}`);
  }
  return value;
}

function isHandledEvent(event: string): event is HandledEvent {
  return (HANDLED_EVENTS as readonly string[]).includes(event);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isProcessResult(value: unknown): value is ProcessResult {
  return (
    isRecord(value) &&
    typeof value.outcome === 'string' &&
    PROCESS_OUTCOMES.has(value.outcome) &&
    typeof value.reason === 'string'
  );
}
