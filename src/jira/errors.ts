import { isNetworkError, isRateLimitError, isServerError } from 'jira.js';
import { describeStatus, type Status, type StatusRef } from '../domain/index.ts';

/** A failure that may pass if the same work is tried later: throttling, Jira's 5xx, the network. */
export function isTransientJiraError(error: unknown): boolean {
  return isRateLimitError(error) || isServerError(error) || isNetworkError(error);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** No transition of the issue's workflow leads from where it is to the target status. */
export class TransitionUnavailableError extends Error {
  readonly issueKey: string;

  constructor(
    issueKey: string,
    target: StatusRef,
    from: Status,
    available: string[],
    why?: string,
  ) {
    const detail = why
      ? why
      : available.length > 0
        ? `available: ${available.join(', ')}`
        : 'no transitions available';
    super(
      `${issueKey}: transition to ${describeStatus(target)} is not available from "${from.name}" (${detail})`,
    );
    this.name = 'TransitionUnavailableError';
    this.issueKey = issueKey;
  }
}
