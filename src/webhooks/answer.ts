import type { Logger } from 'pino';
import type { OutcomeListener, WebhookResponse } from './receiver-types.ts';
import { errorForLog } from './safe-error.ts';

/**
 * The one line per delivery, at warn when something is wrong, and the outcome report. `event` is
 * what the body said, once it is known (the delivery's child logger already carries it).
 */
export type Answer = (
  log: Logger,
  event: string | undefined,
  response: WebhookResponse,
  fields?: Record<string, unknown>,
  message?: string,
) => WebhookResponse;

export function createAnswer(
  onOutcome: OutcomeListener | undefined,
  secretValues: readonly string[],
): Answer {
  return (log, event, response, fields = {}, message = 'webhook delivery') => {
    const level = response.status >= 400 || response.outcome === 'failed' ? 'warn' : 'info';
    log[level]({ status: response.status, outcome: response.outcome, ...fields }, message);
    try {
      // The delivery's logger carries the issue key once the body was read.
      const issue: unknown = log.bindings().issue;
      onOutcome?.(event, response.outcome, {
        status: response.status,
        background: fields.background === true,
        ...(typeof issue === 'string' ? { issue } : {}),
        ...(typeof fields.reason === 'string' ? { reason: fields.reason } : {}),
      });
    } catch (error) {
      log.error({ err: errorForLog(error, secretValues) }, 'the onOutcome callback failed');
    }
    return response;
  };
}
