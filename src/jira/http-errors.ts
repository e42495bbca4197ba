/**
 * Failed exchanges as jira.js's error classes, so callers can use its guards (isRateLimitError,
 * isNotFoundError, ...): messages say what failed, from Jira's own error body, and never carry
 * credentials.
 */
import {
  ApiError,
  AuthError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
} from 'jira.js';
import { NO_SECRETS, type SecretScrubber } from '../domain/index.ts';
import { jiraErrorText } from './errors.ts';

/** 503s carry Retry-After too; jira.js keeps it only on 429, so the transport adds it. */
class ServerErrorWithRetryAfter extends ServerError {
  readonly retryAfterMs?: number;

  constructor(
    message: string,
    status: number,
    statusText: string,
    body: unknown,
    retryAfterMs?: number,
  ) {
    super(message, status, statusText, body);
    this.retryAfterMs = retryAfterMs;
  }
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Jira's error answer as an error. Its body is scrubbed first, as text and once parsed (a JSON
 * escape the text form missed): Jira or a proxy may quote the request's credentials back.
 */
export function toApiError(
  response: Response,
  text: string,
  method: string,
  path: string,
  scrubber: SecretScrubber = NO_SECRETS,
): ApiError {
  const scrubbed = scrubber.scrub(text);
  let body: unknown = scrubbed;
  try {
    body = scrubber.scrubValue(JSON.parse(scrubbed));
  } catch {
    // not JSON: keep the text
  }
  // An error's message carries Jira's words, and at most 200 characters of a text body.
  const detail = jiraErrorText(body, 200);
  const message = `${method} ${path} failed: ${response.status} ${response.statusText}${detail ? ` (${detail})` : ''}`;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  switch (true) {
    case response.status === 401:
      return new AuthError(message, response.statusText, body);
    case response.status === 403:
      return new ForbiddenError(message, response.statusText, body);
    case response.status === 404:
      return new NotFoundError(message, response.statusText, body);
    case response.status === 429:
      return new RateLimitError(message, response.statusText, body, { retryAfterMs });
    case response.status >= 500:
      return new ServerErrorWithRetryAfter(
        message,
        response.status,
        response.statusText,
        body,
        retryAfterMs,
      );
    default:
      return new ApiError(message, response.status, response.statusText, body);
  }
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

export function toNetworkError(
  error: unknown,
  method: string,
  path: string,
  scrubber: SecretScrubber = NO_SECRETS,
): NetworkError {
  let code: string | undefined;
  const messages: string[] = [];
  let cursor: unknown = error;
  // fetch hides the reason under `cause`, sometimes twice. Duck-typed: errors from another realm
  // (a VM context) are not `instanceof Error` here.
  for (let depth = 0; typeof cursor === 'object' && cursor !== null && depth < 5; depth++) {
    const {
      code: found,
      name,
      message,
      cause,
    } = cursor as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (!code && typeof found === 'string') code = found;
    else if (!code && name === 'TimeoutError') code = 'ETIMEDOUT';
    if (typeof message === 'string' && message) messages.push(message);
    cursor = cause;
  }
  const reason = code ?? scrubber.scrub(messages.join(': ') || String(error));
  return new NetworkError(`${method} ${path} failed: no answer from Jira (${reason})`, {
    cause: error,
    code,
    transient: code !== undefined && TRANSIENT_CODES.has(code),
  });
}

/** A 2xx whose body cannot be parsed: nothing to hand to the caller. */
export function notJsonError(response: Response, text: string, method: string, path: string) {
  return new ApiError(
    `${method} ${path}: Jira answered ${response.status} with a body that is not JSON`,
    response.status,
    response.statusText,
    text.slice(0, 200),
  );
}
