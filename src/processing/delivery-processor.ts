import type { Logger } from 'pino';
import { errorMessage, isPermanentJiraError, isTransientJiraError } from '../jira/index.ts';
import type { Delivery, DeliveryProcessor, ProcessResult } from '../webhooks/index.ts';
import { onComment } from './comment-handler.ts';
import { IssueLock } from './issue-lock.ts';
import { onIssueUpdated } from './issue-updated.ts';
import type { DeliveryProcessorOptions, ScreenedDelivery } from './processor-options.ts';
import { screenPayload } from './screen-payload.ts';

export type {
  DeliveryJira,
  DeliveryProcessorOptions,
  ScreenedDelivery,
} from './processor-options.ts';

/**
 * Webhook deliveries → rules → actions. Screening finds the project a delivery belongs to;
 * processing re-reads the issue from Jira before deciding, and deliveries for one issue are
 * serialised, so replays and races end in the same place.
 */
export function createDeliveryProcessor(
  options: DeliveryProcessorOptions,
): DeliveryProcessor<ScreenedDelivery> {
  const lock = options.lock ?? new IssueLock();
  return {
    screen: (payload) => screenPayload(payload, options.config),
    async process(
      delivery: Delivery,
      screened: ScreenedDelivery,
      log: Logger,
    ): Promise<ProcessResult> {
      const payload = delivery.payload;
      try {
        if (payload.webhookEvent === 'jira:issue_updated') {
          return onIssueUpdated(payload, screened.project);
        }
        return await lock.run(payload.issue.key, () => onComment(payload, screened, options, log));
      } catch (error) {
        const reason = errorMessage(error);
        if (isTransientJiraError(error)) {
          log.warn({ issue: payload.issue.key, err: reason }, 'Jira failed transiently');
          return { outcome: 'transient-failure', reason };
        }
        // Jira would refuse it again: answered 200, since Jira retries a 503 for nothing.
        if (!isPermanentJiraError(error)) throw error;
        log.warn({ issue: payload.issue.key, outcome: 'failed', reason }, 'Jira refused');
        return { outcome: 'failed', reason };
      }
    },
  };
}
