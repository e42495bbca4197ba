/**
 * Admin webhooks live outside REST v3 (jira.js has no endpoint for them): plain requests on the
 * transport, so they are retried, paced and counted like every other call.
 */
import type { Client } from 'jira.js/core';
import { toAdminWebhook, type AdminWebhook } from './mapping.ts';
import { segment } from './path-segment.ts';

const WEBHOOKS_PATH = '/rest/webhooks/1.0/webhook';

export interface AdminWebhookInput {
  name: string;
  url: string;
  events: string[];
  filters: Record<string, string>;
  excludeBody: boolean;
  secret?: string;
}

export async function listAdminWebhooks(transport: Client): Promise<AdminWebhook[]> {
  const listed = await transport.sendRequest<Array<Record<string, unknown>>>({
    url: WEBHOOKS_PATH,
    method: 'GET',
  });
  return (listed ?? []).map(toAdminWebhook);
}

export async function createAdminWebhook(
  transport: Client,
  input: AdminWebhookInput,
): Promise<AdminWebhook> {
  const created = await transport.sendRequest<Record<string, unknown>>({
    url: WEBHOOKS_PATH,
    method: 'POST',
    body: input,
  });
  return toAdminWebhook(created);
}

export async function deleteAdminWebhook(transport: Client, id: string): Promise<void> {
  await transport.sendRequest({
    url: `${WEBHOOKS_PATH}/${segment(id, 'a webhook id')}`,
    method: 'DELETE',
  });
}
