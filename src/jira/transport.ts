import {
  ApiError,
  AuthError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  SchemaMismatchError,
  ServerError,
} from 'jira.js';
import type { Client, SendRequestOptions } from 'jira.js/core';
import pLimit from 'p-limit';
import { isIdempotent, operationName } from './operation-name.ts';
import { Pacer } from './pacer.ts';
import { DEFAULT_RETRY, retryDelay, type RetryOptions } from './retry-policy.ts';

export interface CallRecord {
  operation: string;
  method: string;
  /** HTTP status, or 0 when no response came back */
  status: number;
  attempt: number;
  durationMs: number;
}

export interface RetryRecord {
  operation: string;
  status: number;
  waitMs: number;
  attempt: number;
}

/** Hooks for metrics and reports; the transport itself keeps no history. */
export interface TransportObserver {
  onCall?(call: CallRecord): void;
  onRetry?(retry: RetryRecord): void;
  onSchemaMismatch?(endpoint: string, problems: string[]): void;
}

export interface TransportOptions {
  baseUrl: string;
  email: string;
  apiToken: string;
  /** requests in flight at most (DESIGN 7: about 5-10) */
  maxConcurrency?: number;
  retry?: Partial<RetryOptions>;
  /** per attempt */
  timeoutMs?: number;
  /** 'throw' in tests against the sandbox: a response of the wrong shape is a failure there */
  onSchemaMismatch?: 'report' | 'throw';
  observer?: TransportObserver;
  /** injectable for tests with fake timers */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** paces requests once Jira has answered 429 (default: a Pacer on the transport's sleep) */
  pacer?: Pacer;
}

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
 * The HTTP layer under jira.js: jira.js's typed endpoint functions build each request and carry
 * its response schema; this client sends it. It owns what DESIGN 7 asks of every call in one
 * place: bounded concurrency, pacing once Jira has throttled (pacer.ts), the retry policy
 * (Retry-After as the minimum on 429 and 503, backoff with jitter, only idempotent requests resent
 * after an ambiguous failure), a timeout, counting, and errors that say what failed without
 * credentials.
 *
 * jira.js's own client is not used underneath because it drops Retry-After on 503, retries without
 * jitter, and cannot report each attempt to metrics.
 */
export function createJiraTransport(options: TransportOptions): Client {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  const limit = pLimit(options.maxConcurrency ?? 8);
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const observer = options.observer ?? {};
  const pacer = options.pacer ?? new Pacer({ sleep });

  async function attemptOnce<T>(
    request: SendRequestOptions<T>,
    path: string,
    operation: string,
    attempt: number,
  ) {
    const method = request.method ?? 'GET';
    const url = `${baseUrl}${path}${queryString(request.searchParams)}`;
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          Accept: 'application/json',
          Authorization: authorization,
          ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...request.headers,
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      observer.onCall?.({
        operation,
        method,
        status: 0,
        attempt,
        durationMs: performance.now() - started,
      });
      throw toNetworkError(error, method, path);
    }
    const text = await response.text().catch(() => '');
    if (response.status === 429) pacer.onThrottled(response.headers.get('ratelimit-reason'));
    else pacer.onAccepted();
    observer.onCall?.({
      operation,
      method,
      status: response.status,
      attempt,
      durationMs: performance.now() - started,
    });
    if (!response.ok) throw toApiError(response, text, method, path);
    if (response.status === 204 || text === '') return undefined as T;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError(
        `${method} ${path}: Jira answered ${response.status} with a body that is not JSON`,
        response.status,
        response.statusText,
        text.slice(0, 200),
      );
    }
    return validate(request, data, `${method} ${request.url}`);
  }

  function validate<T>(request: SendRequestOptions<T>, data: unknown, endpoint: string): T {
    if (!request.schema) return data as T;
    const parsed = request.schema.safeParse(data);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues
      .slice(0, 10)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    if (options.onSchemaMismatch === 'throw') {
      throw new SchemaMismatchError(
        `Response did not match the schema for ${endpoint}: ${problems.join('; ')}`,
        {
          endpoint,
          issues: problems.map((p) => ({ path: p, expected: 'schema', received: 'other' })),
        },
      );
    }
    // Jira's shapes vary with site features; a field the schema did not expect must not stop the
    // service. The body goes on unvalidated and the drift is reported.
    observer.onSchemaMismatch?.(endpoint, problems);
    return data as T;
  }

  return {
    async sendRequest<T>(request: SendRequestOptions<T>): Promise<T> {
      const path = request.url.startsWith('/') ? request.url : `/${request.url}`;
      const method = request.method ?? 'GET';
      const operation = operationName(method, path);
      const idempotent = isIdempotent(method, path);
      for (let attempt = 1; ; attempt++) {
        try {
          return await limit(async () => {
            await pacer.turn();
            return attemptOnce(request, path, operation, attempt);
          });
        } catch (error) {
          const waitMs = retryDelay({ error, attempt, idempotent }, retry, random());
          if (waitMs === undefined) throw error;
          observer.onRetry?.({
            operation,
            status: (error as { status?: number }).status ?? 0,
            waitMs,
            attempt,
          });
          // Waiting happens outside the concurrency slot: a throttled call must not block others.
          await sleep(waitMs);
        }
      }
    },
  };
}

function queryString(params: Record<string, unknown> | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.map(String).join(','));
    } else search.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Jira's error body, shortened to its messages: `Transition id '31' is not valid for this issue.` */
export function jiraErrorMessages(body: unknown): string {
  if (body && typeof body === 'object') {
    const { errorMessages, errors } = body as { errorMessages?: unknown; errors?: unknown };
    const messages = [
      ...(Array.isArray(errorMessages) ? errorMessages.map(String) : []),
      ...(errors && typeof errors === 'object'
        ? Object.entries(errors).map(([k, v]) => `${k}: ${String(v)}`)
        : []),
    ];
    if (messages.length > 0) return messages.join('; ');
  }
  return typeof body === 'string' ? body.slice(0, 200) : '';
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function toApiError(response: Response, text: string, method: string, path: string): ApiError {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  const detail = jiraErrorMessages(body);
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

function toNetworkError(error: unknown, method: string, path: string): NetworkError {
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
  const reason = code ?? (messages.join(': ') || String(error));
  return new NetworkError(`${method} ${path} failed: no answer from Jira (${reason})`, {
    cause: error,
    code,
    transient: code !== undefined && TRANSIENT_CODES.has(code),
  });
}
