import type { ProjectsFile } from '../config/index.ts';
import { keyOutsideProject } from '../domain/index.ts';
import { screenDelivery, type ScreenInput } from '../rules/index.ts';
import type { HandledPayload, Screening } from '../webhooks/index.ts';
import type { ScreenedDelivery } from './processor-options.ts';

/**
 * The receiver's cheap first look: the configured project to process with, or why to ignore. The
 * payload schema already refuses a key outside the payload's project; it is checked here again
 * because this is where the processor decides what it may touch, whoever built the payload.
 */
export function screenPayload(
  payload: HandledPayload,
  config: ProjectsFile,
): Screening<ScreenedDelivery> {
  const verdict = screenDelivery(screenInput(payload), config);
  if ('ignore' in verdict) return verdict;
  const { key, projectKey } = payload.issue;
  const outside = keyOutsideProject(key, projectKey);
  if (outside) return { ignore: `the issue key ${outside}` };
  return { screened: { project: verdict.project, projectKey } };
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
