import { isNetworkError, isRateLimitError, isServerError } from 'jira.js';

/** A failure that may pass if the same work is tried later: throttling, Jira's 5xx, the network. */
export function isTransientJiraError(error: unknown): boolean {
  return isRateLimitError(error) || isServerError(error) || isNetworkError(error);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
