/**
 * Why Jira refused to manage its admin webhooks, and what to do instead. The admin webhook API
 * (/rest/webhooks/1.0/webhook) needs the Administer Jira global permission, and it is outside
 * REST v3: Atlassian documents no scope for it, and REST v3's own webhook API is for Connect and
 * OAuth 2.0 apps only (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-webhooks).
 * So a scoped API token (through api.atlassian.com) may be refused even for an administrator.
 */
import { isGatewayUrl } from '../../config/index.ts';
import type { AdminWebhookInput } from '../../jira/index.ts';
import type { Bootstrapped } from '../../service/bootstrap.ts';
import { jiraRefusal, StartupError } from '../../service/startup-error.ts';

function statusOf(error: unknown): unknown {
  return (error as { status?: unknown } | undefined)?.status;
}

/**
 * A 401 or 403 from the webhook API as an operator's message; undefined for other failures.
 * `myself` tells a token Jira does not accept at all (the credentials) from one it accepts but
 * will not let manage webhooks (not an admin, or a scoped token).
 */
export async function webhookRefusal(
  error: unknown,
  boot: Pick<Bootstrapped, 'env' | 'jira'>,
  desired?: AdminWebhookInput,
): Promise<StartupError | undefined> {
  const status = statusOf(error);
  if (status !== 401 && status !== 403) return undefined;
  try {
    await boot.jira.gateway.myself();
  } catch (refused) {
    return jiraRefusal(refused, 'access') ?? jiraRefusal(error, 'admin');
  }
  const scoped = isGatewayUrl(boot.env.JIRA_BASE_URL ?? '');
  const why = scoped
    ? `Jira answered ${String(status)} to the webhook API (/rest/webhooks/1.0/webhook) through ` +
      'api.atlassian.com: a scoped API token cannot manage admin webhooks (Atlassian documents ' +
      'no scope for that API, and it needs a Jira administrator)'
    : `the bot account (JIRA_EMAIL) is not a Jira administrator (${String(status)}), and managing ` +
      'webhooks needs one (the Administer Jira global permission)';
  return new StartupError(`${why}: ${instead(desired)}`);
}

/** The manual registration, spelt out; the secret is named, never printed. */
function instead(desired: AdminWebhookInput | undefined): string {
  const byHand = 'create the webhook by hand in Jira (Settings → System → WebHooks)';
  if (!desired)
    return `${byHand} as \`webhooks register\` would, or run this with a Jira administrator's classic API token`;
  return [
    `${byHand}, or run this with a Jira administrator's classic API token:`,
    `  Name:     ${desired.name}`,
    `  URL:      ${desired.url}`,
    `  Events:   ${desired.events.join(', ')}`,
    `  JQL:      ${desired.filters['issue-related-events-section'] ?? ''}`,
    '  Secret:   the first value of WEBHOOK_SECRETS',
    `  Exclude body: ${desired.excludeBody ? 'yes' : 'no'}`,
  ].join('\n');
}
