/**
 * The webhook receiver without HTTP: from a request's headers and raw bytes to a status code, in
 * the order DESIGN section 4 asks for (content type, verify, parse, dispatch, schema, screen,
 * dedupe, process within a time budget). The express router (router.ts) is a thin adapter over it,
 * and tests or benchmarks can call `receive()` directly.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { createAnswer } from './answer.ts';
import { authenticate, credentialsFrom } from './authenticate.ts';
import { DeliveryDedupe } from './dedupe-cache.ts';
import type { Delivery, HandledPayload, Screening } from './delivery.ts';
import {
  headerText,
  IDENTIFIER_HEADER,
  isJsonContentType,
  retryCount,
  RETRY_HEADER,
} from './headers.ts';
import { readPayload } from './read-payload.ts';
import {
  DEFAULT_MAX_BODY_BYTES,
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
import { createBudgetedProcessing } from './time-budget.ts';
import { unreadableBodyResponse } from './unreadable-body.ts';

export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIME_BUDGET_MS,
  UNAUTHORIZED_BODY,
  type ReceiverOutcome,
  type SharedTokenOptions,
  type WebhookReceiver,
  type WebhookReceiverOptions,
  type WebhookRequest,
  type WebhookResponse,
} from './receiver-types.ts';

export function createWebhookReceiver<Screened>(
  options: WebhookReceiverOptions<Screened>,
): WebhookReceiver {
  const credentials = credentialsFrom(options);
  const maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
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

  /** The processor's screen, which must not throw or answer nonsense; undefined if it did. */
  function screen(payload: HandledPayload, log: Logger): Screening<Screened> | undefined {
    try {
      const screening: unknown = processor.screen(payload);
      if (!isRecord(screening) || !('ignore' in screening || 'screened' in screening)) {
        throw new TypeError('the processor screened the delivery to neither ignore nor process');
      }
      return screening as Screening<Screened>;
    } catch (error) {
      log.error({ err: errorForLog(error, secretValues) }, 'screening the delivery failed');
      return undefined;
    }
  }

  async function receive(request: WebhookRequest): Promise<WebhookResponse> {
    const receivedAtMs = now();
    const { headers } = request;
    const raw = request.body ?? Buffer.alloc(0);
    const claimedId = claimedIdentifier(headers);
    const early = claimedId === undefined ? logger : logger.child({ delivery: claimedId });

    if (!isJsonContentType(headerText(headers, 'content-type'))) {
      return answer(early, undefined, {
        status: 415,
        body: { error: 'expected Content-Type: application/json' },
        outcome: 'unsupported-media-type',
      });
    }

    const auth = authenticate(raw, headers, credentials);
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

    const reading = readPayload(raw, receivedAtMs);
    if ('response' in reading) {
      return answer(early, reading.event, reading.response, reading.fields);
    }
    const { payload, event } = reading;
    const identifier = claimedId || `body-sha256:${createHash('sha256').update(raw).digest('hex')}`;
    const retry = retryCount(headerText(headers, RETRY_HEADER));
    const log = logger.child({ delivery: identifier, event, issue: payload.issue.key, retry });

    const screening = screen(payload, log);
    if (screening === undefined) return answer(log, event, internalErrorResponse());
    if ('ignore' in screening) {
      log.debug({ reason: screening.ignore }, 'delivery screened out');
      return answer(
        log,
        event,
        { status: 204, outcome: 'screened-out' },
        { reason: screening.ignore },
      );
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

    const delivery: Delivery = { identifier, retry, payload, receivedAtMs, via: auth.via };
    return processing.run(delivery, screening.screened, log);
  }

  function answerUnreadableBody(headers: IncomingHttpHeaders, error: unknown): WebhookResponse {
    const claimedId = claimedIdentifier(headers);
    const log = claimedId === undefined ? logger : logger.child({ delivery: claimedId });
    const { response, fields } = unreadableBodyResponse(error, maxBodyBytes);
    if (response.outcome === 'internal-error') {
      log.error({ err: errorForLog(error, secretValues) }, 'reading the webhook body failed');
    }
    return answer(log, undefined, response, fields);
  }

  return {
    receive,
    answerUnreadableBody,
    dedupe,
    maxBodyBytes,
    timeBudgetMs,
    get inFlight() {
      return processing.inFlight;
    },
    drain: () => processing.drain(),
  };
}

function claimedIdentifier(headers: IncomingHttpHeaders): string | undefined {
  return headerText(headers, IDENTIFIER_HEADER)?.slice(0, 200);
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`webhook ${name} must be a positive number, got ${value}`);
  }
  return value;
}
