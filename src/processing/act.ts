import type { Logger } from 'pino';
import { statusMatches, type IssueSnapshot } from '../domain/index.ts';
import {
  errorMessage,
  isPermanentJiraError,
  TransitionBlockedError,
  TransitionUnavailableError,
} from '../jira/index.ts';
import type { Decision } from '../rules/index.ts';
import type { ProcessResult } from '../webhooks/index.ts';
import type { DeliveryProcessorOptions } from './processor-options.ts';

type ActingOptions = Pick<DeliveryProcessorOptions, 'gateway' | 'runner' | 'onDecision'>;

/**
 * Performs a decision and says what it came to. A refused transition is read again: if the issue
 * is already where the decision wanted it, that is success.
 */
export async function act(
  issue: IssueSnapshot,
  decision: Decision,
  options: ActingOptions,
  log: Logger,
): Promise<ProcessResult> {
  // The delivery's child logger already carries the issue key.
  const context = { rule: decision.rule, reason: decision.reason };
  if (decision.actions.length === 0) {
    log.debug({ ...context, outcome: 'no-action' }, 'no action');
    options.onDecision?.(decision, 'no-action');
    return { outcome: 'no-action', reason: decision.reason };
  }
  try {
    const performed = await options.runner.run(issue, decision);
    const actions = performed.map((p) => p.summary);
    for (const step of performed.filter((p) => p.refused !== undefined))
      log.warn({ ...context, action: step.type, refused: step.refused }, 'Jira refused a step');
    for (const step of performed.filter((p) => p.problem !== undefined))
      log.warn({ ...context, action: step.type, problem: step.problem }, 'part of a step failed');
    log.info({ ...context, outcome: 'acted', actions }, 'acted');
    options.onDecision?.(decision, 'acted');
    return { outcome: 'acted', actions, reason: decision.reason };
  } catch (error) {
    if (error instanceof TransitionBlockedError) {
      // Nothing was written (or Jira refused the move): an admin must act. Answered 200 with the
      // reason, since Jira retrying the delivery would meet the same.
      log.error({ ...context, outcome: 'failed', err: error.message }, 'action blocked');
      options.onDecision?.(decision, 'failed');
      return { outcome: 'failed', reason: error.message };
    }
    if (!(error instanceof TransitionUnavailableError)) {
      // A refusal for good is answered `failed` by the processor; the decision's metric counts it.
      if (isPermanentJiraError(error)) options.onDecision?.(decision, 'failed');
      throw error;
    }
    // Another replica or a person may have moved it in the meantime: that is success.
    const now = await options.gateway.getIssue(issue.key);
    const target = decision.actions.find((a) => a.type === 'transition');
    if (target?.type === 'transition' && statusMatches(target.to, now.status)) {
      log.info({ ...context, outcome: 'no-action' }, 'already moved');
      options.onDecision?.(decision, 'no-action');
      return { outcome: 'no-action', reason: `already in "${now.status.name}"` };
    }
    log.error({ ...context, outcome: 'failed', err: errorMessage(error) }, 'action failed');
    options.onDecision?.(decision, 'failed');
    return { outcome: 'failed', reason: error.message };
  }
}
