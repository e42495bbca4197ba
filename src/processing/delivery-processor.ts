import { isNotFoundError } from 'jira.js';
import type { Logger } from 'pino';
import { formatIsoDate } from '../calendar/index.ts';
import { projectCalendar, type ProjectConfig, type ProjectsFile } from '../config/index.ts';
import {
  enteredCurrentStatus,
  projectByKey,
  statusMatches,
  type IssueSnapshot,
} from '../domain/index.ts';
import {
  errorMessage,
  isTransientJiraError,
  TransitionUnavailableError,
  type JiraGateway,
} from '../jira/index.ts';
import type { ActionRunner } from '../actions/index.ts';
import {
  decideOnComment,
  markerOf,
  screenDelivery,
  validationWindow,
  type CommentContext,
  type Decision,
} from '../rules/index.ts';
import type {
  CommentCreatedPayload,
  Delivery,
  DeliveryProcessor,
  HandledPayload,
  IssueUpdatedPayload,
  ProcessResult,
} from '../webhooks/delivery.ts';
import { judgeCommentAuthor } from './comment-author.ts';
import { IssueLock } from './issue-lock.ts';

export interface DeliveryProcessorOptions {
  gateway: JiraGateway;
  config: ProjectsFile;
  runner: ActionRunner;
  /** the service's own account (its comments never trigger anything) */
  botAccountId: () => Promise<string>;
  /** called once per decision taken, for metrics */
  onDecision?: (decision: Decision, outcome: ProcessResult['outcome']) => void;
}

/**
 * Webhook deliveries → rules → actions. Every delivery re-reads the issue from Jira before deciding,
 * and deliveries for one issue are serialised, so replays and races end in the same place.
 */
export function createDeliveryProcessor(options: DeliveryProcessorOptions): DeliveryProcessor {
  const { gateway, config, runner } = options;
  const lock = new IssueLock();

  function screen(payload: HandledPayload): string | undefined {
    const verdict = screenDelivery(
      payload.webhookEvent === 'comment_created'
        ? {
            event: payload.webhookEvent,
            projectKey: payload.issue.projectKey,
            ...(payload.issue.status ? { status: payload.issue.status } : {}),
          }
        : {
            event: payload.webhookEvent,
            projectKey: payload.issue.projectKey,
            movedTo: payload.statusChanges.flatMap((c) =>
              c.to ? [{ id: c.to, name: c.toString ?? '' }] : [],
            ),
          },
      config,
    );
    return 'ignore' in verdict ? verdict.ignore : undefined;
  }

  async function onComment(
    payload: CommentCreatedPayload,
    project: ProjectConfig,
    log: Logger,
  ): Promise<ProcessResult> {
    const botAccountId = await options.botAccountId();
    const author = payload.comment.author;
    if (author?.accountId === botAccountId) {
      return { outcome: 'no-action', reason: "the service's own comment" };
    }
    let issue: IssueSnapshot;
    try {
      issue = await gateway.getIssue(payload.issue.key, { changelog: true });
    } catch (error) {
      // Deleted, or moved out of the bot's sight: nothing to do, and no point in Jira retrying.
      if (isNotFoundError(error))
        return { outcome: 'no-action', reason: 'the issue no longer exists' };
      throw error;
    }
    const isPublic = payload.comment.jsdPublic !== false;
    const customer = await judgeCommentAuthor({
      author,
      isPublic,
      issue,
      project,
      botAccountId,
      groupsOf: (accountId) => gateway.userGroups(accountId),
    });
    const context: CommentContext = {
      comment: {
        id: payload.comment.id,
        ...(author ? { author } : {}),
        isPublic,
        createdMs: payload.comment.createdMs ?? payload.timestamp,
      },
      issue,
      project,
      customer,
      botAccountId,
    };
    let decision = decideOnComment(context);
    if (decision.rule === 'customer-rejection') {
      // A retry after a failed move must not post the reopen note twice: look for it first.
      const since = enteredCurrentStatus(issue)?.atMs ?? 0;
      const markers = (await gateway.commentsSince(issue.key, since)).flatMap(
        (c) => markerOf(c) ?? [],
      );
      decision = decideOnComment({ ...context, markers });
    }
    return act(issue, decision, log);
  }

  async function act(
    issue: IssueSnapshot,
    decision: Decision,
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
      const performed = await runner.run(issue, decision);
      log.info({ ...context, outcome: 'acted', actions: performed.map((p) => p.summary) }, 'acted');
      options.onDecision?.(decision, 'acted');
      return {
        outcome: 'acted',
        actions: performed.map((p) => p.summary),
        reason: decision.reason,
      };
    } catch (error) {
      if (error instanceof TransitionUnavailableError) {
        // Another replica or a person may have moved it in the meantime: that is success.
        const now = await gateway.getIssue(issue.key);
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
      throw error;
    }
  }

  function onIssueUpdated(payload: IssueUpdatedPayload, project: ProjectConfig): ProcessResult {
    const toValidation = payload.statusChanges.find(
      (c) =>
        c.to && statusMatches(project.statuses.validation, { id: c.to, name: c.toString ?? '' }),
    );
    if (!toValidation)
      return { outcome: 'no-action', reason: 'entered pending: waiting for the customer' };
    // Nothing to do now; say when the sweep will close it, computed the way the sweep will.
    const window = validationWindow(
      {
        historyId: '',
        atMs: payload.timestamp,
        from: { id: '', name: '' },
        to: { id: toValidation.to!, name: '' },
      },
      project,
      projectCalendar(project),
    );
    const zone = projectCalendar(project).zone;
    return {
      outcome: 'no-action',
      reason: `entered validation on ${formatIsoDate(zone.localDay(payload.timestamp))}; closes at ${zone.formatInstant(window.closesAtMs)} without a customer comment`,
    };
  }

  return {
    screen,
    async process(delivery: Delivery, log: Logger): Promise<ProcessResult> {
      const payload = delivery.payload;
      const project = projectByKey(config.projects, payload.issue.projectKey);
      if (!project)
        return {
          outcome: 'no-action',
          reason: `project ${payload.issue.projectKey} is not configured`,
        };
      try {
        if (payload.webhookEvent === 'jira:issue_updated') return onIssueUpdated(payload, project);
        return await lock.run(payload.issue.key, () => onComment(payload, project, log));
      } catch (error) {
        if (isTransientJiraError(error)) {
          log.warn(
            { issue: payload.issue.key, err: errorMessage(error) },
            'Jira failed transiently',
          );
          return { outcome: 'transient-failure', reason: errorMessage(error) };
        }
        throw error;
      }
    },
  };
}
