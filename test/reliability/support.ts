/**
 * Shared pieces of the reliability tests: the sandbox and service with the defaults these tests
 * need (over test/support/world.ts, which starts and stops them), an optional fault-injecting
 * proxy between the service and the sandbox (a failure of one chosen call), and the assertions
 * every test makes about the final state. Reuses test/e2e/world.ts for arranging issues.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProjectsFile } from '../../src/config/index.ts';
import type { RetryOptions } from '../../src/jira/index.ts';
import { MARKER_PROPERTY, type MarkerKind } from '../../src/rules/index.ts';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/index.ts';
import type { Service } from '../../src/service/service.ts';
import { desiredWebhook, loadWebhookDefinition } from '../../src/service/webhook-registration.ts';
import { arrangeIssue, STATUS } from '../e2e/world.ts';
import { eventually } from '../support/poll.ts';
import {
  CONFIG,
  SECRET,
  startService as startServiceAt,
  startWorld,
  type SandboxWorld,
  type ServiceInstance,
  type ServiceSettings,
} from '../support/world.ts';

export { ANALYST, arrangeIssue, CUSTOMER, STATUS, statusOf } from '../e2e/world.ts';
export { BOT, CONFIG, SECRET } from '../support/world.ts';
export type { ServiceInstance } from '../support/world.ts';

/**
 * Fast retries for tests. `maxRetryAfterMs` below the sandbox's Retry-After (1 s on 503s, at least
 * 1 s on 429s) makes a throttled call fail at once instead of sleeping a second: the webhook is
 * answered 503 and Jira (the sandbox) redelivers, or the sweep records the issue as failed and the
 * next run repairs it. That is the degraded path these tests are about, and it keeps them fast.
 */
export const FAST_FAIL_RETRY: Partial<RetryOptions> = {
  maxAttempts: 3,
  baseDelayMs: 2,
  maxDelayMs: 10,
  maxRetryAfterMs: 0,
};

export type ServiceOptions = Omit<ServiceSettings, 'jiraUrl'>;

/**
 * A service instance on 127.0.0.1 against `jiraUrl` (the sandbox, or a proxy in front of it), with
 * fast-failing retries and info-level logs; the caller stops it.
 */
export function startService(
  jiraUrl: string,
  options: ServiceOptions = {},
): Promise<ServiceInstance> {
  return startServiceAt(jiraUrl, {
    jiraRetry: FAST_FAIL_RETRY,
    ...options,
    env: { LOG_LEVEL: 'info', ...options.env },
  });
}

export type ReliabilityWorld = SandboxWorld;

/** A sandbox Jira with Jira-like (but short) webhook retry delays, no service yet. */
export function startSandbox(options: SandboxOptions = {}): Promise<ReliabilityWorld> {
  return startWorld({
    service: false,
    sandbox: {
      webhooks: { retryDelaysMs: [5, 10, 20, 40, 80], maxRetries: 5, timeoutMs: 10_000 },
      ...options,
    },
  });
}

/** What the proxy does with one request to Jira. */
export type ProxyVerdict = 'forward' | 'drop' | { status: number; body?: unknown };

export interface ProxiedRequest {
  method: string;
  /** path and query, e.g. /rest/api/3/issue/SUP-1/transitions */
  url: string;
  body: Buffer;
}

export interface JiraProxy {
  url: string;
  /** decides each request (it may hold it by answering later); forwards everything by default */
  onRequest: (request: ProxiedRequest) => ProxyVerdict | Promise<ProxyVerdict>;
  /** called after a forwarded request was answered by the sandbox */
  onForwarded: (request: ProxiedRequest, status: number) => void;
  /** may change the sandbox's answer headers before they go back (e.g. scale Retry-After) */
  onResponseHeaders: (headers: IncomingHttpHeaders) => IncomingHttpHeaders;
  close(): Promise<void>;
}

/**
 * A tiny HTTP proxy between the service and the sandbox Jira, to fail or drop chosen calls (for
 * example one issue's transition) deterministically, or to do something at the exact moment a call
 * passes. The sandbox's own faults are random by design; this one is surgical.
 */
export async function startProxy(targetUrl: string): Promise<JiraProxy> {
  const target = new URL(targetUrl);
  const proxy: JiraProxy = {
    url: '',
    onRequest: () => 'forward',
    onForwarded: () => undefined,
    onResponseHeaders: (headers) => headers,
    close: async () => undefined,
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const incoming: ProxiedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        body: Buffer.concat(chunks),
      };
      const verdict = await proxy.onRequest(incoming);
      if (verdict === 'drop') {
        req.socket.destroy();
        return;
      }
      if (verdict !== 'forward') {
        res.writeHead(verdict.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(verdict.body ?? { errorMessages: ['proxy fault'], errors: {} }));
        return;
      }
      const headers = { ...req.headers, host: target.host };
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: incoming.method,
          path: incoming.url,
          headers,
          agent: false,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, proxy.onResponseHeaders({ ...answer.headers }));
          answer.pipe(res);
          answer.on('end', () => proxy.onForwarded(incoming, answer.statusCode ?? 0));
        },
      );
      upstream.on('error', () => req.socket.destroy());
      upstream.end(incoming.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}

/**
 * Test-time compression of Jira's throttling: the sandbox answers `Retry-After: 1` (seconds) on
 * its 503s and at least 1 on its 429s; scaled by `factor` the service still honours every
 * Retry-After (the transport reads fractional seconds), only sooner.
 */
export function scaleRetryAfter(
  factor: number,
): (headers: IncomingHttpHeaders) => IncomingHttpHeaders {
  return (headers) => {
    const value = Number(headers['retry-after']);
    if (Number.isFinite(value)) headers['retry-after'] = String(value * factor);
    return headers;
  };
}

/** The issue key in a REST path (`/rest/api/3/issue/SUP-12/comment` gives SUP-12). */
export function issueKeyOf(url: string): string | undefined {
  return /^\/rest\/api\/3\/issue\/([^/?]+)/.exec(url)?.[1];
}

/** Waits until no webhook is pending in the sandbox and no delivery is in flight in any service. */
export async function settle(sandbox: Sandbox, services: Service[]): Promise<void> {
  // A delivery's processing causes new events (the service's own transitions): go round until quiet.
  await eventually(
    async () => {
      await sandbox.webhooks.idle();
      await Promise.all(services.map((s) => s.webhooks.receiver.drain()));
      return (
        services.every((s) => s.webhooks.receiver.inFlight === 0) &&
        sandbox.webhooks.deliveries().every((d) => d.state !== 'pending')
      );
    },
    // A storm of deliveries under faults takes seconds on a loaded machine: bounded generously.
    { what: 'the webhooks and deliveries to settle', timeoutMs: 30_000, intervalMs: 0 },
  );
}

/** The service's marked comments of one kind on an issue (comment property MARKER_PROPERTY). */
export function markedComments(sandbox: Sandbox, key: string, kind: MarkerKind) {
  return sandbox.store
    .issue(key)!
    .comments.filter(
      (c) => (c.properties.get(MARKER_PROPERTY) as { kind?: string } | undefined)?.kind === kind,
    );
}

/** The service's closing comments on an issue. */
export function closingComments(sandbox: Sandbox, key: string) {
  return markedComments(sandbox, key, 'closing');
}

/**
 * `count` issues that entered validation at `at` (an ISO instant) through "Resolver", with the
 * resolution its screen sets, from the analysts a day before. The default is due on 2026-03-20.
 */
export function inValidationSince(
  sandbox: Sandbox,
  count: number,
  at = '2026-03-02T10:00:00-03:00',
): string[] {
  const analystsAt = new Date(Date.parse(at) - 86_400_000).toISOString();
  return range(count).map(() =>
    arrangeIssue(sandbox, [
      { status: STATUS.analysts, at: analystsAt },
      { status: STATUS.validation, at, resolution: 'Resolvido' },
    ]),
  );
}

/** Runs `then` once, as the first request that `matches` (its method and path) reaches the proxy. */
export function onFirstRequest(
  target: JiraProxy,
  matches: (method: string, path: string) => boolean,
  then: () => void,
): void {
  let done = false;
  target.onRequest = (request) => {
    if (!done && matches(request.method, request.url.split('?')[0]!)) {
      done = true;
      then();
    }
    return 'forward';
  };
}

/** Internal notes on an issue (the reopen note is one). */
export function internalNotes(sandbox: Sandbox, key: string) {
  return sandbox.store.issue(key)!.comments.filter((c) => c.properties.has('sd.public.comment'));
}

/** How many times the history shows the issue entering a status. */
export function entriesInto(sandbox: Sandbox, key: string, statusName: string): number {
  const target = sandbox.site.status(statusName).id;
  return sandbox.store
    .issue(key)!
    .histories.filter((h) => h.items.some((i) => i.field === 'status' && i.to === target)).length;
}

/** Closing, as the history shows it: entries into "Fechado". */
export function closings(sandbox: Sandbox, key: string): number {
  return entriesInto(sandbox, key, STATUS.closed);
}

/** A copy of the projects file with other schedules (e.g. a larger write cap per run). */
export function withSchedules(
  config: ProjectsFile,
  schedules: Partial<ProjectsFile['schedules']>,
): ProjectsFile {
  return { ...config, schedules: { ...config.schedules, ...schedules } };
}

/** `count` numbers 0..count-1. */
export function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

/** Points the sandbox's admin webhook at another receiver (as an admin editing it in Jira would). */
export function pointWebhookAt(sandbox: Sandbox, serviceUrl: string, config = CONFIG): void {
  for (const webhook of sandbox.webhooks.list()) sandbox.webhooks.remove(webhook.id);
  sandbox.webhooks.register(desiredWebhook(loadWebhookDefinition(), serviceUrl, config, SECRET));
}

/** A receiver that answers every request with `status` (an overloaded replica, say). */
export async function startStubReceiver(
  status: number,
): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let count = 0;
  const server = createServer((req, res) => {
    count++;
    req.resume();
    req.on('end', () => res.writeHead(status).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
