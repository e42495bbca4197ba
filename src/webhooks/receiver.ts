/**
 * The webhook receiver without HTTP: from a request's headers and raw bytes to a status code, in
 * the order docs/architecture.md §3 lists (content type, verify, parse, dispatch, schema, screen,
 * dedupe, process within a time budget). The express router (router.ts) is a thin adapter over it,
 * and tests or benchmarks can call `receive()` directly.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { createAnswer, type Answer } from './answer.ts';
import {
  authenticate,
  carriesSharedToken,
  credentialsFrom,
  type Credentials,
} from './authenticate.ts';
import { DeliveryDedupe } from './dedupe-cache.ts';
import type {
  Delivery,
  DeliveryProcessor,
  HandledEvent,
  HandledPayload,
  Screening,
} from './delivery.ts';
import {
  headerText,
  IDENTIFIER_HEADER,
  isJsonContentType,
  retryCount,
  RETRY_HEADER,
} from './headers.ts';
import { readPayload } from './read-payload.ts';
import {
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_PENDING_BODY_BYTES,
  DEFAULT_TIME_BUDGET_MS,
  internalErrorResponse,
  isRecord,
  UNAUTHORIZED_BODY,
  type WebhookReceiver,
  type WebhookReceiverOptions,
  type WebhookRequest,
  type WebhookResponse,
} from './receiver-types.ts';
import { errorForLog } from './safe-error.ts';
import { createBudgetedProcessing, type BudgetedProcessing } from './time-budget.ts';
import { unreadableBodyResponse, type BodyLimits } from './unreadable-body.ts';

export function createWebhookReceiver<Screened>(
  options: WebhookReceiverOptions<Screened>,
): WebhookReceiver {
  const credentials = credentialsFrom(options);
  const limits = bodyLimits(options);
  const timeBudgetMs = positive('timeBudgetMs', options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS);
  const { processor, logger } = options;
  const { secretValues } = credentials;
  const now = options.now ?? Date.now;
  const dedupe = new DeliveryDedupe({ now, ...options.dedupe });
  const answer = createAnswer(options.onOutcome, secretValues);
  const processing = createBudgetedProcessing({
    processor,
    dedupe,
    timeBudgetMs,
    answer,
    secretValues,
  });
  const parts: Parts<Screened> = {
    credentials,
    processor,
    logger,
    now,
    dedupe,
    answer,
    processing,
  };

  return {
    receive: (request) => receive(parts, request),
    answerUnreadableBody(headers, error) {
      const log = deliveryLogger(logger, headers);
      const { response, fields } = unreadableBodyResponse(error, limits);
      if (response.outcome === 'internal-error') {
        log.error({ err: errorForLog(error, secretValues) }, 'reading the webhook body failed');
      }
      return answer(log, undefined, response, fields);
    },
    authenticatedByHeaders: (headers) => carriesSharedToken(headers, credentials),
    dedupe,
    ...limits,
    timeBudgetMs,
    get inFlight() {
      return processing.inFlight;
    },
    drain: () => processing.drain(),
  };
}

/** What receiving a delivery works with, built once by createWebhookReceiver. */
interface Parts<Screened> {
  credentials: Credentials;
  processor: DeliveryProcessor<Screened>;
  logger: Logger;
  now: () => number;
  dedupe: DeliveryDedupe;
  answer: Answer;
  processing: BudgetedProcessing<Screened>;
}

/** Screen, dedupe and process a delivery that `admit` let in. */
async function receive<Screened>(
  parts: Parts<Screened>,
  request: WebhookRequest,
): Promise<WebhookResponse> {
  const { answer, dedupe } = parts;
  const { headers } = request;
  const receivedAtMs = parts.now();
  const raw = request.body ?? Buffer.alloc(0);
  const admitted = admit(parts, headers, raw, receivedAtMs);
  if ('response' in admitted) return admitted.response;

  const { payload, event, via } = admitted;
  const claimedId = claimedIdentifier(headers);
  const identifier = claimedId || `body-sha256:${createHash('sha256').update(raw).digest('hex')}`;
  const retry = retryCount(headerText(headers, RETRY_HEADER));
  const log = parts.logger.child({ delivery: identifier, event, issue: payload.issue.key, retry });

  const screening = screen(parts, payload, log);
  if (screening === undefined) return answer(log, event, internalErrorResponse());
  if ('ignore' in screening) {
    log.debug({ reason: screening.ignore }, 'delivery screened out');
    const response: WebhookResponse = { status: 204, outcome: 'screened-out' };
    return answer(log, event, response, { reason: screening.ignore });
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

  const delivery: Delivery = { identifier, retry, payload, receivedAtMs, via };
  return parts.processing.run(delivery, screening.screened, log);
}

/**
 * The checks before anything is trusted, in order: content type, authentication, then the body
 * read into a handled payload. Each refusal is answered (and logged) here.
 */
function admit(
  { answer, credentials, logger }: Parts<unknown>,
  headers: IncomingHttpHeaders,
  raw: Buffer,
  receivedAtMs: number,
):
  | { response: WebhookResponse }
  | { payload: HandledPayload; event: HandledEvent; via: Delivery['via'] } {
  const early = deliveryLogger(logger, headers);
  if (!isJsonContentType(headerText(headers, 'content-type'))) {
    const error = 'expected Content-Type: application/json';
    const response = answer(early, undefined, {
      status: 415,
      body: { error },
      outcome: 'unsupported-media-type',
    });
    return { response };
  }

  const auth = authenticate(raw, headers, credentials);
  if ('problem' in auth) {
    // The reason stays in the log; the caller gets the same answer whatever it was.
    const response = answer(
      early,
      undefined,
      { status: 401, body: { ...UNAUTHORIZED_BODY }, outcome: 'unauthorized' },
      { reason: auth.problem },
      `webhook delivery rejected: ${auth.hint}`,
    );
    return { response };
  }

  const reading = readPayload(raw, receivedAtMs);
  if ('response' in reading) {
    return { response: answer(early, reading.event, reading.response, reading.fields) };
  }
  return { ...reading, via: auth.via };
}

/** The processor's screen, which must not throw or answer nonsense; undefined if it did. */
function screen<Screened>(
  { processor, credentials }: Parts<Screened>,
  payload: HandledPayload,
  log: Logger,
): Screening<Screened> | undefined {
  try {
    const screening: unknown = processor.screen(payload);
    if (!isRecord(screening) || !('ignore' in screening || 'screened' in screening)) {
      throw new TypeError('the processor screened the delivery to neither ignore nor process');
    }
    return screening as Screening<Screened>;
  } catch (error) {
    log.error(
      { err: errorForLog(error, credentials.secretValues) },
      'screening the delivery failed',
    );
    return undefined;
  }
}

/** The logger for a delivery before its body is trusted: with the identifier it claims, if any. */
function deliveryLogger(logger: Logger, headers: IncomingHttpHeaders): Logger {
  const claimedId = claimedIdentifier(headers);
  return claimedId === undefined ? logger : logger.child({ delivery: claimedId });
}

function claimedIdentifier(headers: IncomingHttpHeaders): string | undefined {
  return headerText(headers, IDENTIFIER_HEADER)?.slice(0, 200);
}

function bodyLimits(options: WebhookReceiverOptions<unknown>): BodyLimits & {
  maxPendingBodyBytes: number;
} {
  const maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  const maxPendingBodyBytes = positive(
    'maxPendingBodyBytes',
    options.maxPendingBodyBytes ?? Math.max(DEFAULT_MAX_PENDING_BODY_BYTES, maxBodyBytes),
  );
  if (maxPendingBodyBytes < maxBodyBytes) {
    // A body of the largest size could never be read.
    throw new RangeError(
      `webhook maxPendingBodyBytes (${maxPendingBodyBytes}) must be at least maxBodyBytes (${maxBodyBytes})`,
    );
  }
  const bodyTimeoutMs = positive('bodyTimeoutMs', options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS);
  return { maxBodyBytes, maxPendingBodyBytes, bodyTimeoutMs };
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`webhook ${name} must be a positive number, got ${value}`);
  }
  return value;
}
