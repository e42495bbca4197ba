import { statusMatches, type ProjectConfig, type ProjectsFile } from '../config/index.ts';
import type { JiraStatus } from '../config/index.ts';

export interface ScreenInput {
  event: 'comment_created' | 'jira:issue_updated';
  projectKey: string;
  /** the status as the webhook saw it */
  status?: JiraStatus;
  /** for jira:issue_updated: the statuses it moved to */
  movedTo?: JiraStatus[];
}

/**
 * The cheap first look at a delivery, before any Jira call (issue 4: unknown projects and statuses
 * are ignored quickly). Returns the project config to process with, or the reason to ignore it.
 */
export function screenDelivery(
  input: ScreenInput,
  config: ProjectsFile,
): { project: ProjectConfig } | { ignore: string } {
  // Own keys only: a webhook naming project "constructor" must not find Object's prototype.
  const project = Object.hasOwn(config.projects, input.projectKey)
    ? config.projects[input.projectKey]
    : undefined;
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
