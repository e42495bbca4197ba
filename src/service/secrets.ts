import type { Env } from '../config/index.ts';
import { secretScrubber, type SecretScrubber } from '../domain/index.ts';
import type { JiraConnection } from './jira-connection.ts';

/**
 * Every secret value: the API token, the shared token, the admin token (ADMIN_TOKEN, or the one
 * made up for the embedded default's run) and every webhook secret (old ones still accepted during
 * a rotation, and the one made up for the embedded sandbox's run). The sandbox's
 * API token is not one: it is the published word "sandbox", and scrubbing it would blank that
 * word from every log line.
 */
export function secretsOf(
  env: Env,
  webhookSecrets: readonly string[],
  adminToken?: string,
): string[] {
  const values = [
    env.JIRA_API_TOKEN,
    env.WEBHOOK_SHARED_TOKEN,
    env.ADMIN_TOKEN,
    adminToken,
    ...env.WEBHOOK_SECRETS,
    ...webhookSecrets,
  ];
  return [...new Set(values.filter((value): value is string => !!value))];
}

/**
 * The process's one scrubber: every secret above, and the Basic credential it sends to a real
 * Jira (the sandbox's is published).
 */
export function scrubberOf(
  env: Env,
  webhookSecrets: readonly string[],
  connection: JiraConnection,
  adminToken?: string,
): SecretScrubber {
  return secretScrubber({
    values: secretsOf(env, webhookSecrets, adminToken),
    basic: connection.sandbox ? [] : [{ user: connection.email, password: connection.apiToken }],
  });
}
