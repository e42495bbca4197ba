import { z } from 'zod';
import type { ProjectsFile } from '../config/index.ts';
import { parseYamlConfig, readConfigText } from '../config/index.ts';
import type { AdminWebhook, AdminWebhookInput, JiraGateway } from '../jira/index.ts';

export const DEFAULT_WEBHOOK_DEFINITION = 'webhooks/admin-webhook.yaml';

const definitionSchema = z.strictObject({
  name: z.string().min(1),
  path: z.string().startsWith('/'),
  events: z.array(z.string().min(1)).min(1),
  excludeBody: z.boolean().default(false),
});

export type WebhookDefinition = z.output<typeof definitionSchema>;

export function loadWebhookDefinition(file = DEFAULT_WEBHOOK_DEFINITION): WebhookDefinition {
  return parseYamlConfig(readConfigText(file), file, definitionSchema);
}

/** The webhook as Jira should have it: this service's URL, its events, only its projects. */
export function desiredWebhook(
  definition: WebhookDefinition,
  publicUrl: string,
  config: ProjectsFile,
  secret: string | undefined,
): AdminWebhookInput {
  const projects = Object.keys(config.projects).sort();
  return {
    name: definition.name,
    url: `${publicUrl.replace(/\/+$/, '')}${definition.path}`,
    events: definition.events,
    filters: { 'issue-related-events-section': `project in (${projects.join(', ')})` },
    excludeBody: definition.excludeBody,
    ...(secret ? { secret } : {}),
  };
}

export interface RegistrationResult {
  action: 'created' | 'replaced' | 'unchanged';
  webhook: AdminWebhook;
  removed: string[];
}

/**
 * Makes Jira hold exactly one webhook of this name, as desired. Idempotent: registering twice leaves
 * one. The secret cannot be read back, so `rotateSecret` forces a re-registration to set it.
 */
export async function registerWebhook(
  gateway: JiraGateway,
  desired: AdminWebhookInput,
  options: { rotateSecret?: boolean } = {},
): Promise<RegistrationResult> {
  const mine = (await gateway.listAdminWebhooks()).filter((w) => w.name === desired.name);
  const same = mine.find(
    (w) =>
      w.url === desired.url &&
      sameSet(w.events, desired.events) &&
      w.filters['issue-related-events-section'] === desired.filters['issue-related-events-section'],
  );
  if (same && !options.rotateSecret) {
    const removed = await removeAll(
      gateway,
      mine.filter((w) => w !== same),
    );
    return { action: 'unchanged', webhook: same, removed };
  }
  const removed = await removeAll(gateway, mine);
  const webhook = await gateway.createAdminWebhook(desired);
  return { action: mine.length > 0 ? 'replaced' : 'created', webhook, removed };
}

export async function unregisterWebhook(gateway: JiraGateway, name: string): Promise<string[]> {
  return removeAll(
    gateway,
    (await gateway.listAdminWebhooks()).filter((w) => w.name === name),
  );
}

async function removeAll(gateway: JiraGateway, webhooks: AdminWebhook[]): Promise<string[]> {
  for (const webhook of webhooks) await gateway.deleteAdminWebhook(webhook.id);
  return webhooks.map((w) => w.id);
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
