import { isApiError, isAuthError, isNetworkError, isRateLimitError, isServerError } from 'jira.js';
import { describeStatus, type Status, type StatusRef } from '../domain/index.ts';

/** A failure that may pass if the same work is tried later: throttling, Jira's 5xx, the network. */
export function isTransientJiraError(error: unknown): boolean {
  return isRateLimitError(error) || isServerError(error) || isNetworkError(error);
}

/**
 * Jira refused this one request for good (400, 403, 404, 409, 413, 422, ...): trying it again
 * would be refused again, but the refusal is about what was asked (an issue, a project), not about
 * Jira or the service, so the rest of the work goes on. Not 401 (the credentials: every request
 * would fail alike) nor 429 (throttling passes).
 */
export function isPermanentJiraError(error: unknown): boolean {
  return (
    isApiError(error) &&
    error.status >= 400 &&
    error.status < 500 &&
    !isAuthError(error) &&
    !isTransientJiraError(error)
  );
}

/** Jira answered 400: the request itself was refused (a JQL naming an issue that is gone, ...). */
export function isBadRequestError(error: unknown): boolean {
  return isApiError(error) && error.status === 400;
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
