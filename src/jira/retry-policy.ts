import { isNetworkError, isRateLimitError, isServerError } from 'jira.js';

export interface RetryOptions {
  /** attempts in all, the first included */
  maxAttempts: number;
  /** the first backoff; doubles with each attempt */
  baseDelayMs: number;
  /** no backoff grows past this */
  maxDelayMs: number;
  /** a Retry-After longer than this is not waited out in place: the call fails and the caller
   * (a webhook answering 503, the next sweep) comes back later */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
};

/** A failure the transport saw, reduced to what the policy decides on. */
export interface FailedAttempt {
  error: unknown;
  /** 1 for the first attempt */
  attempt: number;
  /** GET, PUT, DELETE and searches can be sent twice; creating a comment cannot */
  idempotent: boolean;
}

/** Carried by 503 errors too (jira.js only reads Retry-After on 429). */
export function retryAfterOf(error: unknown): number | undefined {
  const value = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Connection never established: the request did not reach Jira, so even a POST may be resent. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * How long to wait before the next attempt, or undefined to give up. Pure: the randomness of the
 * jitter comes in as `random` (0 <= random < 1).
 *
 * - 429, and 503 with Retry-After: Jira did not process the request; any request may be resent,
 *   after at least Retry-After (retrying earlier earns a longer penalty), plus a random spread.
 * - other 5xx and transient network errors: resent only when idempotent, with exponential backoff
 *   and full jitter, so that many clients do not come back in step.
 * - anything else (400, 401, 403, 404, 409...) is final: the request itself is wrong.
 */
export function retryDelay(
  failure: FailedAttempt,
  options: RetryOptions,
  random: number,
): number | undefined {
  if (failure.attempt >= options.maxAttempts) return undefined;
  const { error } = failure;
  const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (failure.attempt - 1));
  const jittered = Math.round(backoff / 2 + (random * backoff) / 2);

  const retryAfter = retryAfterOf(error);
  const throttled = isRateLimitError(error) || (isServerError(error) && retryAfter !== undefined);
  if (throttled) {
    if (retryAfter !== undefined && retryAfter > options.maxRetryAfterMs) return undefined;
    // Retry-After is the minimum; calls throttled together are told the same wait, so a random
    // extra (up to the base delay, only ever added) keeps them from all coming back in step.
    const spread = Math.round(random * options.baseDelayMs);
    return Math.max(retryAfter ?? 0, jittered) + spread;
  }
  if (isServerError(error)) return failure.idempotent ? jittered : undefined;
  if (isNetworkError(error)) {
    if (!error.transient) return undefined;
    const notSent = error.code !== undefined && NOT_SENT_CODES.has(error.code);
    return failure.idempotent || notSent ? jittered : undefined;
  }
  return undefined;
}
