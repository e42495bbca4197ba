import { gatewayCloudId } from '../config/jira-urls.ts';
/**
 * The doctor's checks: pure functions over the gathered facts, each an item of the checklist with
 * what to do when it fails.
 */
import { regionProblem } from '../calendar/index.ts';
import type { ProjectsFile } from '../config/index.ts';
import { describeStatus, statusMatches } from '../domain/index.ts';
import { pickTransition, screenProblem } from '../jira/index.ts';
import { desiredWebhook, type WebhookDefinition } from '../service/webhook-registration.ts';
import { permissionsCheck, serviceDeskCheck } from './access-checks.ts';
import type { MoveFacts, ProjectFacts, SiteFacts } from './facts.ts';

export interface Check {
  name: string;
  ok: boolean;
  severity: 'error' | 'warning';
  detail: string;
  fix: string;
}

export interface CheckContext {
  config: ProjectsFile;
  definition: WebhookDefinition;
  /** where Jira should deliver (PUBLIC_URL, or the URL serve listens on) */
  publicUrl: string | undefined;
  /** WEBHOOK_SECRETS has one: Jira never shows a webhook's secret back, so this is all we know */
  hasSecret: boolean;
}

/** The clock may differ from Jira's by this much before dates and windows go wrong. */
export const MAX_CLOCK_SKEW_MS = 60_000;

const SITE_BASE = /^https:\/\/[a-z0-9-]+\.(atlassian\.net|jira\.com)\/?$/i;

const ok = (name: string, detail: string, severity: Check['severity'] = 'error'): Check => ({
  name,
  ok: true,
  severity,
  detail,
  fix: '',
});
const failed = (
  name: string,
  detail: string,
  fix: string,
  severity: Check['severity'] = 'error',
): Check => ({ name, ok: false, severity, detail, fix });

/** What a failed read says; the gateway's errors already name their request. */
export function readFailure(request: string, error: string): string {
  return error.startsWith(`${request} `) ? error : `${request} failed: ${error}`;
}

export function credentialsCheck(facts: SiteFacts): Check {
  const name = 'credentials';
  if ('value' in facts.myself) {
    const user = facts.myself.value;
    return ok(name, `signed in as ${user.displayName ?? user.accountId} (${user.accountId})`);
  }
  return failed(
    name,
    readFailure('GET /rest/api/3/myself', facts.myself.error),
    'check JIRA_EMAIL and JIRA_API_TOKEN (a new token: https://id.atlassian.com/manage-profile/security/api-tokens); a scoped token needs JIRA_BASE_URL=https://api.atlassian.com/ex/jira/{cloudId}',
  );
}

/** Cheap: the URL's form only. A scoped token works only on the api.atlassian.com form. */
export function baseUrlCheck(facts: SiteFacts): Check {
  const name = 'base URL form';
  const url = facts.baseUrl;
  const cloudId = gatewayCloudId(url);
  if (cloudId !== undefined) {
    const site = facts.siteCloudId;
    if (site && 'value' in site && site.value.toLowerCase() !== cloudId.toLowerCase()) {
      return failed(
        name,
        `JIRA_BASE_URL names cloud ${cloudId}, but JIRA_SITE_URL's site is cloud ${site.value}`,
        `set JIRA_BASE_URL=https://api.atlassian.com/ex/jira/${site.value} (or JIRA_SITE_URL to the site of that cloud)`,
      );
    }
    if (site && 'error' in site) {
      return failed(
        name,
        `${url} is the api.atlassian.com form; the site's cloud id could not be read (${site.error})`,
        "check JIRA_SITE_URL: the cloud id is in the site's /_edge/tenant_info",
        'warning',
      );
    }
    const matched = site ? ", the cloud of JIRA_SITE_URL's site" : '';
    return ok(
      name,
      `${url} is the api.atlassian.com form (scoped API tokens)${matched}`,
      'warning',
    );
  }
  if (SITE_BASE.test(url)) {
    return ok(
      name,
      `${url} is a site URL (classic API tokens); a scoped token needs https://api.atlassian.com/ex/jira/{cloudId}, the cloudId from ${url.replace(/\/$/, '')}/_edge/tenant_info`,
      'warning',
    );
  }
  return ok(name, `${url} is not an Atlassian Cloud URL (the sandbox, or a proxy)`, 'warning');
}

export function clockCheck(facts: SiteFacts): Check {
  const name = 'clock';
  if (!('value' in facts.serverTime) || Number.isNaN(facts.serverTime.value)) {
    const why = 'error' in facts.serverTime ? facts.serverTime.error : 'no serverTime';
    return failed(
      name,
      `GET /rest/api/3/serverInfo: ${why}`,
      'check the connection to Jira',
      'warning',
    );
  }
  const skew = facts.localTime - facts.serverTime.value;
  const seconds = Math.round(skew / 1000);
  if (Math.abs(skew) <= MAX_CLOCK_SKEW_MS)
    return ok(name, `within ${Math.abs(seconds)} s of Jira's`);
  return failed(
    name,
    `this machine's clock is ${Math.abs(seconds)} s ${skew > 0 ? 'ahead of' : 'behind'} Jira's`,
    'synchronise the clock (NTP: timedatectl set-ntp true, or chrony)',
  );
}

export function webhookCheck(facts: SiteFacts, context: CheckContext): Check {
  const name = 'webhook';
  const register =
    'run `npm run --silent cli -- webhooks register` (or create it by hand: Jira Settings → System → WebHooks)';
  if (!context.publicUrl)
    return failed(
      name,
      'PUBLIC_URL is not set',
      `set PUBLIC_URL to this service's address, then ${register}`,
    );
  if ('error' in facts.webhooks) {
    return failed(
      name,
      `could not list the admin webhooks: ${facts.webhooks.error}`,
      'listing webhooks needs a Jira administrator; otherwise check in Jira Settings → System → WebHooks that it calls PUBLIC_URL',
      'warning',
    );
  }
  const want = desiredWebhook(context.definition, context.publicUrl, context.config, undefined);
  const mine = facts.webhooks.value.filter((w) => w.name === want.name);
  if (mine.length === 0) return failed(name, `no webhook named "${want.name}" in Jira`, register);
  const filter = want.filters['issue-related-events-section'];
  const problems: string[] = [];
  const hook = mine.find((w) => w.url === want.url) ?? mine[0]!;
  if (hook.url !== want.url) problems.push(`it calls ${hook.url}, not ${want.url}`);
  const missing = want.events.filter((e) => !hook.events.includes(e));
  if (missing.length) problems.push(`it lacks the events ${missing.join(', ')}`);
  if (hook.filters['issue-related-events-section'] !== filter)
    problems.push(
      `its filter is "${hook.filters['issue-related-events-section'] ?? ''}", not "${filter}"`,
    );
  if (hook.enabled === false) problems.push('it is disabled');
  if (mine.length > 1) problems.push(`${mine.length} webhooks have its name`);
  if (!context.hasSecret) problems.push('WEBHOOK_SECRETS is empty, so deliveries cannot be signed');
  if (problems.length === 0) return ok(name, `${hook.id} calls ${hook.url} for ${filter}`);
  return failed(
    name,
    problems.join('; '),
    context.hasSecret
      ? `${register.replace('register`', 'register --rotate-secret`')}`
      : `set WEBHOOK_SECRETS, then ${register.replace('register`', 'register --rotate-secret`')}`,
  );
}

export function calendarCheck(project: ProjectFacts): Check {
  const name = `${project.key}: calendar region`;
  const region = project.config.calendar.region;
  const problem = regionProblem(region);
  if (!problem) return ok(name, `${region} is a date-holidays region`);
  return failed(
    name,
    problem,
    `set projects.${project.key}.calendar.region to a region like BR-SP-SP`,
  );
}

export function statusesCheck(project: ProjectFacts): Check {
  const name = `${project.key}: statuses`;
  if ('error' in project.statuses) {
    return failed(
      name,
      readFailure(`GET /rest/api/3/project/${project.key}/statuses`, project.statuses.error),
      `check that the project key ${project.key} is right and the bot can browse the project`,
    );
  }
  const known = project.statuses.value;
  const missing = Object.entries(project.config.statuses).filter(
    ([, ref]) => !known.some((s) => statusMatches(ref, s)),
  );
  if (missing.length === 0) return ok(name, 'every configured status exists in the project');
  return failed(
    name,
    missing
      .map(([role, ref]) => `${role}: ${describeStatus(ref)} is not a status of ${project.key}`)
      .join('; '),
    `fix ${missing.map(([role]) => `projects.${project.key}.statuses.${role}`).join(', ')}; the project's statuses: ${known.map((s) => `"${s.name}"`).join(', ')}`,
  );
}

export function moveCheck(project: ProjectFacts, move: MoveFacts): Check {
  const name = `${project.key}: transition ${move.label}`;
  if (move.transitions && 'error' in move.transitions) {
    const on = move.issue ? ` of ${move.issue.key}` : '';
    return failed(
      name,
      `listing the transitions${on} failed: ${move.transitions.error}`,
      'check the bot can browse and transition issues',
    );
  }
  if (!move.issue) {
    return failed(
      name,
      `no issue is in ${describeStatus(move.from)} to list its transitions on; not checked`,
      'run the doctor again once an issue is in that status',
      'warning',
    );
  }
  if (!move.transitions) {
    return failed(
      name,
      `the transitions of ${move.issue.key} were not read`,
      'check the bot can browse and transition issues',
    );
  }
  const picked = pickTransition(move.transitions.value, move.issue.status, move.to, move.via);
  const problem = 'problem' in picked ? picked.problem : screenProblem(picked.transition, move.via);
  if (!problem) {
    const t = 'transition' in picked ? picked.transition : undefined;
    return ok(name, `"${t?.name}" (id ${t?.id}) on ${move.issue.key}, its required fields set`);
  }
  return failed(
    name,
    `on ${move.issue.key}: ${problem}`,
    `set projects.${project.key}.transitions.${move.via.target} in the projects file (README, step 2)`,
  );
}

/** The JSM preset rules cannot be read with an API token: always a reminder, never an error. */
export function automationCheck(project: ProjectFacts): Check {
  const { statuses } = project.config;
  return failed(
    `${project.key}: JSM automation rules`,
    'the automation API is not reachable with an API token, so the preset rules cannot be checked',
    `in Project settings → Automation, switch off "Comment updates reply status" (it moves ${describeStatus(statuses.pending)} issues too) and "Close resolved issue" (it closes ${describeStatus(statuses.validation)} issues on its own clock), or keep them off the configured statuses`,
    'warning',
  );
}

export function allChecks(facts: SiteFacts, context: CheckContext): Check[] {
  return [
    credentialsCheck(facts),
    baseUrlCheck(facts),
    clockCheck(facts),
    webhookCheck(facts, context),
    ...facts.projects.flatMap((project) => [
      permissionsCheck(project),
      serviceDeskCheck(project),
      statusesCheck(project),
      ...project.moves.map((move) => moveCheck(project, move)),
      calendarCheck(project),
      automationCheck(project),
    ]),
  ];
}
