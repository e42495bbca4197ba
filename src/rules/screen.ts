import type { ProjectConfig, ProjectsFile } from '../config/index.ts';
import { projectByKey, statusMatches, type Status } from '../domain/index.ts';

export interface ScreenInput {
  event: 'comment_created' | 'jira:issue_updated';
  projectKey: string;
  /** the status as the webhook saw it */
  status?: Status;
  /** for jira:issue_updated: the statuses it moved to */
  movedTo?: Status[];
}

/**
 * The cheap first look at a delivery, before any Jira call (issue 4: unknown projects and statuses
 * are ignored quickly). Returns the project config to process with, or the reason to ignore it.
 */
export function screenDelivery(
  input: ScreenInput,
  config: ProjectsFile,
): { project: ProjectConfig } | { ignore: string } {
  const project = projectByKey(config.projects, input.projectKey);
  if (!project) return { ignore: `project ${input.projectKey} is not configured` };
  const { pending, validation } = project.statuses;
  if (input.event === 'comment_created') {
    // The status a comment webhook carries is the status when the comment was made; a comment made
    // in any other status is not an answer to a question or to a resolution.
    if (
      input.status &&
      !statusMatches(pending, input.status) &&
      !statusMatches(validation, input.status)
    ) {
      return { ignore: `a comment on an issue in "${input.status.name}"` };
    }
    return { project };
  }
  const relevant = (input.movedTo ?? []).some(
    (s) => statusMatches(validation, s) || statusMatches(pending, s),
  );
  if (!relevant) return { ignore: 'no move into the pending or validation status' };
  return { project };
}
