import { formatIsoDate } from '../calendar/index.ts';
import { projectCalendar, type ProjectConfig } from '../config/index.ts';
import { statusMatches } from '../domain/index.ts';
import { validationWindow } from '../rules/index.ts';
import type { IssueUpdatedPayload, ProcessResult } from '../webhooks/index.ts';

/**
 * A move into pending or validation (screening let only those through): nothing to do now, the
 * sweep acts later. The reason says when the sweep will close it, computed the way the sweep will.
 */
export function onIssueUpdated(
  payload: IssueUpdatedPayload,
  project: ProjectConfig,
): ProcessResult {
  const toValidation = payload.statusChanges.find(
    (c) => c.to && statusMatches(project.statuses.validation, { id: c.to, name: c.toString ?? '' }),
  );
  if (!toValidation)
    return { outcome: 'no-action', reason: 'entered pending: waiting for the customer' };
  const calendar = projectCalendar(project);
  const window = validationWindow(
    {
      historyId: '',
      atMs: payload.timestamp,
      from: { id: '', name: '' },
      to: { id: toValidation.to!, name: '' },
    },
    project,
    calendar,
  );
  const zone = calendar.zone;
  return {
    outcome: 'no-action',
    reason: `entered validation on ${formatIsoDate(zone.localDay(payload.timestamp))}; closes at ${zone.formatInstant(window.closesAtMs)} without a customer comment`,
  };
}
