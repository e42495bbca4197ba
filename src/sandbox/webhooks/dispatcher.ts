import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { compileJql } from '../jql/compile.ts';
import type { RenderContext } from '../render.ts';
import type { SandboxEvent, SandboxStore } from '../store.ts';
import { webhookBody, webhookEventName, type WebhookEventName } from './payloads.ts';
import type { AdminWebhook, WebhookRegistry } from './registry.ts';
import { hubSignature } from './signature.ts';

export interface WebhookDeliveryOptions {
  /** the wait before retry 1, 2, ...; the last value repeats. Jira spreads ~5 retries over ~30 min */
  retryDelaysMs?: number[];
  /** retries after the first attempt (Jira: 5) */
  maxRetries?: number;
  /** a receiver slower than this is a failed attempt, retried */
  timeoutMs?: number;
}

export interface DeliveryAttempt {
  /** 0 for the first attempt, then the retry count Jira sends in X-Atlassian-Webhook-Retry */
  retry: number;
  at: number;
  status?: number;
  error?: string;
}

export interface DeliveryRecord {
  /** X-Atlassian-Webhook-Identifier: the same on every retry */
  id: string;
  webhookId: number;
  url: string;
  event: WebhookEventName;
  issueKey: string;
  body: string;
  attempts: DeliveryAttempt[];
  state: 'pending' | 'delivered' | 'failed' | 'abandoned';
}

const DEFAULT_RETRY_DELAYS_MS = [30_000, 60_000, 180_000, 600_000, 900_000];
const LOG_LIMIT = 1000;

/** Jira retries these answers (and timeouts and connection failures); other 4xx are final. */
export function isRetryableStatus(status: number): boolean {
  return [408, 409, 425, 429].includes(status) || status >= 500;
}

/**
 * Posts admin webhooks like Jira: after the API call has answered, to every enabled webhook whose
 * events and JQL filter match, signed with its secret, retried on transient failures with the same
 * identifier. `idle()` resolves when nothing is in flight or waiting for a retry.
 */
export class WebhookDispatcher {
  private readonly registry: WebhookRegistry;
  private readonly store: SandboxStore;
  private readonly context: () => RenderContext;
  private readonly retryDelaysMs: number[];
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private readonly log: DeliveryRecord[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pending = new Set<DeliveryRecord>();
  private waiters: Array<() => void> = [];

  constructor(
    registry: WebhookRegistry,
    store: SandboxStore,
    context: () => RenderContext,
    options: WebhookDeliveryOptions = {},
  ) {
    this.registry = registry;
    this.store = store;
    this.context = context;
    this.retryDelaysMs =
      options.retryDelaysMs && options.retryDelaysMs.length > 0
        ? options.retryDelaysMs
        : DEFAULT_RETRY_DELAYS_MS;
    this.maxRetries = options.maxRetries ?? 5;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    store.onEvent((event) => this.dispatch(event));
  }

  /** Resolves once every delivery has succeeded, failed for good, or been abandoned. */
  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** The delivery log, oldest first (the last 1000). */
  deliveries(): DeliveryRecord[] {
    return this.log.map((record) => ({ ...record, attempts: [...record.attempts] }));
  }

  clearLog(): void {
    this.log.length = 0;
  }

  /** Abandons what is in flight or waiting for a retry (on close and reset). */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const record of this.pending) record.state = 'abandoned';
    this.pending.clear();
    this.settle();
  }

  private dispatch(event: SandboxEvent): void {
    const name = webhookEventName(event);
    const webhooks = this.registry
      .list()
      .filter((w) => w.enabled && w.events.includes(name) && this.passesFilter(w, event));
    if (webhooks.length === 0) return;
    // Rendered now: a later change must not leak into this event's body.
    const body = JSON.stringify(webhookBody(event, this.context()));
    for (const webhook of webhooks) {
      const record: DeliveryRecord = {
        id: randomUUID(),
        webhookId: webhook.id,
        url: webhook.url,
        event: name,
        issueKey: event.issue.key,
        body: webhook.excludeBody ? '' : body,
        attempts: [],
        state: 'pending',
      };
      this.log.push(record);
      if (this.log.length > LOG_LIMIT) this.log.shift();
      this.pending.add(record);
      // After the API response: a webhook never delays the call that caused it.
      setImmediate(() => void this.attempt(record, webhook, 0));
    }
  }

  private passesFilter(webhook: AdminWebhook, event: SandboxEvent): boolean {
    if (!webhook.filter) return true;
    try {
      return compileJql(webhook.filter, this.store).matches(event.issue);
    } catch {
      return false;
    }
  }

  private async attempt(record: DeliveryRecord, webhook: AdminWebhook, retry: number) {
    if (record.state !== 'pending') return;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'Atlassian Webhook HTTP Client',
      'X-Atlassian-Webhook-Identifier': record.id,
    };
    if (retry > 0) headers['X-Atlassian-Webhook-Retry'] = String(retry);
    if (webhook.secret !== null)
      headers['X-Hub-Signature'] = hubSignature(webhook.secret, record.body);
    const outcome = await post(record.url, headers, record.body, this.timeoutMs);
    if (record.state !== 'pending') return;
    record.attempts.push({ retry, at: Date.now(), ...outcome });
    const transient = outcome.status === undefined || isRetryableStatus(outcome.status);
    if (!transient) {
      record.state = outcome.status! < 300 ? 'delivered' : 'failed';
    } else if (retry < this.maxRetries) {
      const delay = this.retryDelaysMs[Math.min(retry, this.retryDelaysMs.length - 1)]!;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.attempt(record, webhook, retry + 1);
      }, delay);
      timer.unref();
      this.timers.add(timer);
      return;
    } else {
      record.state = 'failed';
    }
    this.pending.delete(record);
    this.settle();
  }

  private settle(): void {
    if (this.pending.size > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const payload = Buffer.from(body);
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(payload.length) },
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', (error) => resolve({ error: error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => resolve({ error: error.message }));
    req.end(payload);
  });
}
