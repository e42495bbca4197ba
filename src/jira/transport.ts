import { SchemaMismatchError } from 'jira.js';
import type { Client, SendRequestOptions } from 'jira.js/core';
import pLimit from 'p-limit';
import { secretScrubber, type SecretScrubber } from '../domain/index.ts';
import { notJsonError, toApiError, toNetworkError } from './http-errors.ts';
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
  /** requests in flight at most (docs/architecture.md §6: about 5-10) */
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
  /**
   * blanks secrets from Jira's error answers (a proxy may quote the Authorization header back)
   * before they become errors; default: this transport's own credentials
   */
  scrubber?: SecretScrubber;
}

/**
 * The HTTP layer under jira.js: jira.js's typed endpoint functions build each request and carry
 * its response schema; this client sends it. It owns what docs/architecture.md §6 asks of every call in one
 * place: bounded concurrency, pacing once Jira has throttled (pacer.ts), the retry policy
 * (Retry-After as the minimum on 429 and 503, backoff with jitter, only idempotent requests resent
 * after an ambiguous failure), a timeout, counting, and errors that say what failed without
 * credentials.
 *
 * jira.js's own client is not used underneath because it drops Retry-After on 503, retries without
 * jitter, and cannot report each attempt to metrics.
 */
export function createJiraTransport(options: TransportOptions): Client {
  const limit = pLimit(options.maxConcurrency ?? 8);
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const connection = connectionOf(options, sleep);

  return {
    async sendRequest<T>(request: SendRequestOptions<T>): Promise<T> {
      const path = request.url.startsWith('/') ? request.url : `/${request.url}`;
      const method = request.method ?? 'GET';
      const operation = operationName(method, path);
      const idempotent = isIdempotent(method, path);
      for (let attempt = 1; ; attempt++) {
        try {
          return await limit(async () => {
            await connection.pacer.turn();
            return attemptOnce(connection, request, path, operation, attempt);
          });
        } catch (error) {
          const waitMs = retryDelay({ error, attempt, idempotent }, retry, random());
          if (waitMs === undefined) throw error;
          connection.observer.onRetry?.({
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

/** What every attempt needs, fixed when the transport is made. */
interface Connection {
  baseUrl: string;
  authorization: string;
  timeoutMs: number;
  pacer: Pacer;
  observer: TransportObserver;
  onSchemaMismatch: 'report' | 'throw' | undefined;
  scrubber: SecretScrubber;
  /** Jira has accepted these credentials once: a later 401 means the token stopped working */
  authenticated: { once: boolean };
}

function connectionOf(options: TransportOptions, sleep: (ms: number) => Promise<void>): Connection {
  const credentials = Buffer.from(`${options.email}:${options.apiToken}`).toString('base64');
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    authorization: `Basic ${credentials}`,
    timeoutMs: options.timeoutMs ?? 30_000,
    pacer: options.pacer ?? new Pacer({ sleep }),
    observer: options.observer ?? {},
    onSchemaMismatch: options.onSchemaMismatch,
    scrubber:
      options.scrubber ??
      secretScrubber({
        values: [options.apiToken],
        basic: [{ user: options.email, password: options.apiToken }],
      }),
    authenticated: { once: false },
  };
}

/** One request and its answer: counted, fed to the pacer, turned into data or an error. */
async function attemptOnce<T>(
  connection: Connection,
  request: SendRequestOptions<T>,
  path: string,
  operation: string,
  attempt: number,
): Promise<T> {
  const method = request.method ?? 'GET';
  const started = performance.now();
  const report = (status: number) =>
    connection.observer.onCall?.({
      operation,
      method,
      status,
      attempt,
      durationMs: performance.now() - started,
    });
  let response: Response;
  try {
    response = await send(connection, request, path, method);
  } catch (error) {
    report(0);
    throw toNetworkError(error, method, path, connection.scrubber);
  }
  const text = await response.text().catch(() => '');
  if (response.status === 429)
    connection.pacer.onThrottled(response.headers.get('ratelimit-reason'));
  else connection.pacer.onAccepted();
  report(response.status);
  // A 403 or 404 is an authenticated answer too: the account is known, only the thing is not its.
  if (response.ok || response.status === 403 || response.status === 404)
    connection.authenticated.once = true;
  if (!response.ok)
    throw toApiError(
      response,
      text,
      method,
      path,
      connection.scrubber,
      connection.authenticated.once,
    );
  if (response.status === 204 || text === '') return undefined as T;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw notJsonError(response, connection.scrubber.scrub(text), method, path);
  }
  return validate(connection, request, data, `${method} ${request.url}`);
}

function send<T>(
  connection: Connection,
  request: SendRequestOptions<T>,
  path: string,
  method: string,
): Promise<Response> {
  return fetch(`${connection.baseUrl}${path}${queryString(request.searchParams)}`, {
    method,
    headers: {
      Accept: 'application/json',
      Authorization: connection.authorization,
      ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...request.headers,
    },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    signal: AbortSignal.timeout(connection.timeoutMs),
  });
}

/** The body checked against jira.js's schema for the endpoint, when it has one. */
function validate<T>(
  connection: Connection,
  request: SendRequestOptions<T>,
  data: unknown,
  endpoint: string,
): T {
  if (!request.schema) return data as T;
  const parsed = request.schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 10)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  if (connection.onSchemaMismatch === 'throw') {
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
  connection.observer.onSchemaMismatch?.(endpoint, problems);
  return data as T;
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
