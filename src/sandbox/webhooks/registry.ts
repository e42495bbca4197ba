import { z } from 'zod';
import { parseJql, type JqlQuery } from '../jql/parse.ts';
import type { User } from '../model.ts';

/** The JQL filter's key in Jira's admin webhook `filters`. */
export const ISSUE_FILTER = 'issue-related-events-section';

/** The body of POST/PUT /rest/webhooks/1.0/webhook. */
export const webhookInputSchema = z.object({
  name: z.string().trim().min(1, { error: 'name is required' }),
  url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }),
  events: z.array(z.string().min(1)).min(1, { error: 'list at least one event' }),
  filters: z.record(z.string(), z.string()).default({}),
  excludeBody: z.boolean().default(false),
  /** write-only: never returned */
  secret: z.string().min(1).optional(),
  enabled: z.boolean().default(true),
});

export type WebhookInput = z.input<typeof webhookInputSchema>;

export interface AdminWebhook {
  id: number;
  name: string;
  url: string;
  events: string[];
  filters: Record<string, string>;
  /** the parsed `issue-related-events-section` filter, null for "all issues" */
  filter: JqlQuery | null;
  excludeBody: boolean;
  secret: string | null;
  enabled: boolean;
  lastUpdatedUser: string;
  lastUpdatedDisplayName: string;
  lastUpdated: number;
}

export class WebhookInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookInputError';
  }
}

/** Admin webhooks as registered through /rest/webhooks/1.0/webhook. */
export class WebhookRegistry {
  private readonly webhooks = new Map<number, AdminWebhook>();
  private nextId = 1;

  list(): AdminWebhook[] {
    return [...this.webhooks.values()];
  }

  get(id: number): AdminWebhook | undefined {
    return this.webhooks.get(id);
  }

  /** Throws WebhookInputError (a 400) for a bad body or a JQL filter the sandbox cannot run. */
  register(input: unknown, actor: User, now: number): AdminWebhook {
    const webhook = { id: this.nextId, ...this.parse(input, actor, now) };
    this.nextId++;
    this.webhooks.set(webhook.id, webhook);
    return webhook;
  }

  update(id: number, input: unknown, actor: User, now: number): AdminWebhook | undefined {
    if (!this.webhooks.has(id)) return undefined;
    const webhook = { id, ...this.parse(input, actor, now) };
    this.webhooks.set(id, webhook);
    return webhook;
  }

  remove(id: number): boolean {
    return this.webhooks.delete(id);
  }

  clear(): void {
    this.webhooks.clear();
  }

  private parse(input: unknown, actor: User, now: number): Omit<AdminWebhook, 'id'> {
    const result = webhookInputSchema.safeParse(input);
    if (!result.success) {
      throw new WebhookInputError(
        result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      );
    }
    const { secret, ...data } = result.data;
    const jql = data.filters[ISSUE_FILTER]?.trim() ?? '';
    let filter: JqlQuery | null = null;
    if (jql !== '') {
      try {
        filter = parseJql(jql);
      } catch (error) {
        throw new WebhookInputError(`Invalid JQL in ${ISSUE_FILTER}: ${(error as Error).message}`);
      }
    }
    return {
      ...data,
      filter,
      secret: secret ?? null,
      lastUpdatedUser: actor.accountId,
      lastUpdatedDisplayName: actor.displayName,
      lastUpdated: now,
    };
  }
}

/** Jira's representation of an admin webhook; the secret is write-only. */
export function renderWebhook(base: string, webhook: AdminWebhook) {
  return {
    self: `${base}/rest/webhooks/1.0/webhook/${webhook.id}`,
    name: webhook.name,
    url: webhook.url,
    events: [...webhook.events],
    filters: { ...webhook.filters },
    excludeBody: webhook.excludeBody,
    enabled: webhook.enabled,
    lastUpdatedUser: webhook.lastUpdatedUser,
    lastUpdatedDisplayName: webhook.lastUpdatedDisplayName,
    lastUpdated: webhook.lastUpdated,
  };
}
