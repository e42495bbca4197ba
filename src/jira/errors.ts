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

/**
 * Jira answered 400: it will not do this as asked (a transition without its required field, a JQL
 * naming an issue that is gone), and asking again will not change that.
 */
export function isJiraRefusal(error: unknown): boolean {
  return isApiError(error) && error.status === 400;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** No transition of the issue's workflow leads from where it is to the target status. */
export class TransitionUnavailableError extends Error {
  readonly issueKey: string;
  readonly target: StatusRef;
  /** where the issue was found: the target itself when another run or a person moved it there */
  readonly status: Status;

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
    this.target = target;
    this.status = from;
  }
}

/**
 * The move cannot be made from where the issue is, and trying would only fail: the configured
 * transition is not there, the choice is ambiguous, its screen needs a field the projects file does
 * not send, or Jira refused it. Nothing is posted before a move found blocked; an admin must act,
 * so retrying the same work later does not help.
 */
export class TransitionBlockedError extends Error {
  readonly issueKey: string;

  /** `problem` says what is wrong and what to set, in Jira's words where Jira gave them. */
  constructor(issueKey: string, problem: string) {
    super(`${issueKey}: ${problem}`);
    this.name = 'TransitionBlockedError';
    this.issueKey = issueKey;
  }
}

/**
 * Jira's error body in its own words: `Field Resolution is required.; resolution: ...`; a body
 * that is plain text (a proxy's page) is cut at `maxText` characters.
 */
export function jiraErrorText(body: unknown, maxText = 300): string {
  if (!body || typeof body !== 'object')
    return typeof body === 'string' ? body.slice(0, maxText) : '';
  const { errorMessages, errors } = body as { errorMessages?: unknown; errors?: unknown };
  return [
    ...(Array.isArray(errorMessages) ? errorMessages.map(String) : []),
    ...(errors && typeof errors === 'object'
      ? Object.entries(errors).map(([field, message]) => `${field}: ${String(message)}`)
      : []),
  ].join('; ');
}

/** What Jira said when it refused, in its own words when it gave them. */
export function refusalText(error: unknown): string {
  const body = error && typeof error === 'object' ? (error as { body?: unknown }).body : undefined;
  return jiraErrorText(body) || errorMessage(error);
}
