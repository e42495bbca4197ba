import type { Env } from '../config/index.ts';
import { siteUrlOf, usesEmbeddedSandbox } from '../config/index.ts';

/** The sandbox's seeded service account (config/sandbox.yaml) and its fixed API token. */
export const SANDBOX_BOT_EMAIL = 'bot@pixeon.example';
export const SANDBOX_API_TOKEN = 'sandbox';

export interface JiraConnection {
  /** where the REST API is called: the site, or api.atlassian.com/ex/jira/{cloudId} */
  baseUrl: string;
  /** where people open issues (links in logs and reports): JIRA_SITE_URL, else the base URL */
  siteUrl: string;
  email: string;
  apiToken: string;
  sandbox: boolean;
}

/**
 * Where the service's Jira is: the configured site, or, with no JIRA_BASE_URL, the embedded
 * sandbox on SANDBOX_PORT (the one `npm start` runs) with its seeded bot account.
 */
export function jiraConnection(env: Env): JiraConnection {
  if (usesEmbeddedSandbox(env)) {
    const baseUrl = `http://127.0.0.1:${env.SANDBOX_PORT}`;
    return {
      baseUrl,
      siteUrl: baseUrl,
      email: SANDBOX_BOT_EMAIL,
      apiToken: SANDBOX_API_TOKEN,
      sandbox: true,
    };
  }
  return {
    baseUrl: env.JIRA_BASE_URL!,
    siteUrl: siteUrlOf(env)!,
    email: env.JIRA_EMAIL!,
    apiToken: env.JIRA_API_TOKEN!,
    sandbox: false,
  };
}
