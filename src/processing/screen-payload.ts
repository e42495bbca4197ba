import type { ProjectsFile } from '../config/index.ts';
import { screenDelivery, type ScreenInput } from '../rules/index.ts';
import type { HandledPayload, Screening } from '../webhooks/index.ts';
import type { ScreenedDelivery } from './processor-options.ts';

/** The receiver's cheap first look: the configured project to process with, or why to ignore. */
export function screenPayload(
  payload: HandledPayload,
  config: ProjectsFile,
): Screening<ScreenedDelivery> {
  const verdict = screenDelivery(screenInput(payload), config);
  return 'ignore' in verdict ? verdict : { screened: { project: verdict.project } };
}

function screenInput(payload: HandledPayload): ScreenInput {
  if (payload.webhookEvent === 'comment_created') {
    return {
      event: payload.webhookEvent,
      projectKey: payload.issue.projectKey,
      ...(payload.issue.status ? { status: payload.issue.status } : {}),
    };
  }
  return {
    event: payload.webhookEvent,
    projectKey: payload.issue.projectKey,
    movedTo: payload.statusChanges.flatMap((c) =>
      c.to ? [{ id: c.to, name: c.toString ?? '' }] : [],
    ),
  };
}
