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

/**
 * A 401, told apart by what came before it: credentials that never worked are wrong, while
 * credentials that did work and stopped belong to a token that was revoked or expired (API tokens
 * expire within a year: https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account).
 */
export class CredentialsRefusedError extends AuthError {
  /** true when this transport had been answered with these credentials before */
  readonly workedBefore: boolean;

  constructor(message: string, statusText: string, body: unknown, workedBefore: boolean) {
    super(`${message}: ${credentialsAdvice(workedBefore)}`, statusText, body);
    this.workedBefore = workedBefore;
  }
}

const TOKENS_PAGE = 'https://id.atlassian.com/manage-profile/security/api-tokens';

/** What to do about a 401, in the words the logs, /readyz and the command line all use. */
export function credentialsAdvice(workedBefore: boolean): string {
  return workedBefore
    ? 'the API token was revoked or expired (tokens expire within a year): create a new one at ' +
        `${TOKENS_PAGE} and set it in JIRA_API_TOKEN`
    : 'the credentials are wrong: check JIRA_EMAIL and JIRA_API_TOKEN (an API token of that ' +
        `account, from ${TOKENS_PAGE}; a scoped token needs JIRA_BASE_URL=https://api.atlassian.com/ex/jira/{cloudId})`;
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
  workedBefore?: boolean,
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
      return workedBefore === undefined
        ? new AuthError(message, response.statusText, body)
        : new CredentialsRefusedError(message, response.statusText, body, workedBefore);
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
