/**
 * Processing a delivery within the time budget: the answer Jira gets is the outcome if processing
 * ends in time, or 202 if not, the processing then finishing (and being logged) in the background.
 */
import type { Logger } from 'pino';
import type { Answer } from './answer.ts';
import type { DeliveryDedupe } from './dedupe-cache.ts';
import type { Delivery, DeliveryProcessor, ProcessResult } from './delivery.ts';
import { internalErrorResponse, isRecord, type WebhookResponse } from './receiver-types.ts';
import { errorForLog } from './safe-error.ts';

export interface BudgetedProcessingOptions<Screened> {
  processor: DeliveryProcessor<Screened>;
  dedupe: DeliveryDedupe;
  timeBudgetMs: number;
  answer: Answer;
  secretValues: readonly string[];
}

export interface BudgetedProcessing<Screened> {
  /** Processes a delivery already claimed in the dedupe cache, and answers it. */
  run(delivery: Delivery, screened: Screened, log: Logger): Promise<WebhookResponse>;
  /** deliveries being processed now, in time or in the background */
  readonly inFlight: number;
  drain(): Promise<void>;
}

type Settled = { result: ProcessResult } | { error: unknown };

const TIMED_OUT = Symbol('timed out');
const PROCESS_OUTCOMES = new Set<string>(['acted', 'no-action', 'failed', 'transient-failure']);

export function createBudgetedProcessing<Screened>(
  options: BudgetedProcessingOptions<Screened>,
): BudgetedProcessing<Screened> {
  const { processor, timeBudgetMs, answer } = options;
  const inFlight = new Set<Promise<unknown>>();
  const conclude = (delivery: Delivery, settled: Settled, log: Logger) =>
    concludeProcessing(delivery, settled, log, options);

  async function run(delivery: Delivery, screened: Screened, log: Logger) {
    const event = delivery.payload.webhookEvent;
    // 'background' is set by the timer itself, so the conclusion happens exactly once: inline
    // when processing ends within the budget, in the background otherwise.
    let mode: 'waiting' | 'background' = 'waiting';
    const settled = settle(processor, delivery, screened, log);
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

  return {
    run,
    get inFlight() {
      return inFlight.size;
    },
    async drain() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}

/** Runs the processor; never rejects, so nothing can become an unhandled rejection. */
async function settle<Screened>(
  processor: DeliveryProcessor<Screened>,
  delivery: Delivery,
  screened: Screened,
  log: Logger,
): Promise<Settled> {
  try {
    const result: unknown = await processor.process(delivery, screened, log);
    if (!isProcessResult(result)) {
      return { error: new TypeError('the processor returned no valid ProcessResult') };
    }
    return { result };
  } catch (error) {
    return { error };
  }
}

/** Turns what processing came to into an answer, and tells the dedupe cache. */
function concludeProcessing(
  delivery: Delivery,
  settled: Settled,
  log: Logger,
  { dedupe, secretValues }: { dedupe: DeliveryDedupe; secretValues: readonly string[] },
): WebhookResponse {
  if ('error' in settled) {
    // Unknown failures are treated as transient: Jira's retry gets another chance.
    dedupe.forget(delivery.identifier);
    log.error({ err: errorForLog(settled.error, secretValues) }, 'processing the delivery failed');
    return internalErrorResponse();
  }
  const { outcome, reason } = settled.result;
  if (outcome === 'transient-failure') {
    dedupe.forget(delivery.identifier);
    return { status: 503, body: { outcome, reason }, outcome };
  }
  dedupe.complete(delivery.identifier);
  return { status: 200, body: { outcome, reason }, outcome };
}

function reasonField(settled: Settled): Record<string, unknown> {
  return 'result' in settled ? { reason: settled.result.reason } : {};
}

function isProcessResult(value: unknown): value is ProcessResult {
  return (
    isRecord(value) &&
    typeof value.outcome === 'string' &&
    PROCESS_OUTCOMES.has(value.outcome) &&
    typeof value.reason === 'string'
  );
}
