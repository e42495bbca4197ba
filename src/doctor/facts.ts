import { gatewayCloudId } from '../config/jira-urls.ts';
/**
 * What the doctor learns from the site, gathered once through a narrow port so that every check is
 * a pure function over it (checks.ts) and one test can assert the exact Jira calls.
 */
import {
  statusMatches,
  type IssueSnapshot,
  type JiraUser,
  type Status,
  type StatusRef,
} from '../domain/index.ts';
import type { AdminWebhook, ServiceDesk, Transition, TransitionVia } from '../jira/index.ts';
import { errorMessage } from '../jira/index.ts';
import type { ProjectConfig, ProjectsFile } from '../config/index.ts';

/** The Jira reads the doctor makes, and nothing else (a JiraGateway satisfies it). */
export interface DoctorJira {
  myself(): Promise<JiraUser>;
  serverTime(): Promise<number>;
  projectStatuses(projectKey: string): Promise<Status[]>;
  searchIssues(jql: string): AsyncGenerator<IssueSnapshot[]>;
  listTransitions(key: string): Promise<Transition[]>;
  listAdminWebhooks(): Promise<AdminWebhook[]>;
  myPermissions(projectKey: string, keys: readonly string[]): Promise<Record<string, boolean>>;
  serviceDesks(): Promise<ServiceDesk[]>;
  isServiceDeskAgent(serviceDeskId: string): Promise<boolean>;
}

/** The permissions the service uses, each for what it does (README, step 1). */
export const NEEDED_PERMISSIONS = [
  'BROWSE_PROJECTS',
  'ADD_COMMENTS',
  'TRANSITION_ISSUES',
  'ASSIGN_ISSUES',
  'EDIT_ISSUES',
  'USER_PICKER',
] as const;

/** A read's answer, or why it failed (the message, never a secret: the CLI scrubs its output). */
export type Read<T> = { value: T } | { error: string };

export interface MoveFacts {
  /** e.g. "pending → analystQueue" */
  label: string;
  from: StatusRef;
  to: StatusRef;
  via: TransitionVia;
  /** the issue the transitions were listed on; undefined when no issue is in the source status */
  issue?: { key: string; status: Status };
  transitions?: Read<Transition[]>;
}

export interface ProjectFacts {
  key: string;
  config: ProjectConfig;
  statuses: Read<Status[]>;
  moves: MoveFacts[];
  permissions: Read<Record<string, boolean>>;
  /** the project's service desk, if it is one, and whether the bot is its agent */
  serviceDesk: Read<{ id: string; agent: boolean } | undefined>;
}

export interface SiteFacts {
  baseUrl: string;
  /** with the gateway form and a site URL: the site's cloud id (`_edge/tenant_info`) */
  siteCloudId?: Read<string>;
  myself: Read<JiraUser>;
  serverTime: Read<number>;
  localTime: number;
  webhooks: Read<AdminWebhook[]>;
  projects: ProjectFacts[];
}

async function read<T>(work: () => Promise<T>): Promise<Read<T>> {
  try {
    return { value: await work() };
  } catch (error) {
    return { error: errorMessage(error) };
  }
}

/** The moves the service makes, each from the status it starts in. */
function movesOf(project: ProjectConfig): Array<Omit<MoveFacts, 'issue' | 'transitions'>> {
  const { statuses, transitions } = project;
  return [
    ['pending', 'analystQueue', statuses.pending, statuses.analystQueue],
    ['validation', 'reopen', statuses.validation, statuses.reopen],
    ['validation', 'closed', statuses.validation, statuses.closed],
  ].map(([source, target, from, to]) => ({
    label: `${source as string} → ${target as string}`,
    from: from as StatusRef,
    to: to as StatusRef,
    via: {
      ...transitions[target as 'analystQueue' | 'reopen' | 'closed'],
      target: target as string,
    },
  }));
}

async function moveFacts(
  jira: DoctorJira,
  key: string,
  statuses: Status[],
  move: Omit<MoveFacts, 'issue' | 'transitions'>,
): Promise<MoveFacts> {
  const ids = statuses.filter((s) => statusMatches(move.from, s)).map((s) => s.id);
  if (ids.length === 0) return move;
  // One issue is enough: transitions depend on the status (and workflow), not on the issue.
  const jql = `project = "${key}" AND status in (${ids.join(', ')}) ORDER BY updated DESC`;
  let found: IssueSnapshot | undefined;
  for await (const page of jira.searchIssues(jql)) {
    found = page[0];
    break;
  }
  if (!found) return move;
  return {
    ...move,
    issue: { key: found.key, status: found.status },
    transitions: await read(() => jira.listTransitions(found.key)),
  };
}

async function projectFacts(
  jira: DoctorJira,
  key: string,
  config: ProjectConfig,
  desks: Read<ServiceDesk[]>,
): Promise<ProjectFacts> {
  const permissions = await read(() => jira.myPermissions(key, NEEDED_PERMISSIONS));
  const serviceDesk =
    'error' in desks
      ? desks
      : await read(async () => {
          const desk = desks.value.find((d) => d.projectKey === key);
          return desk ? { id: desk.id, agent: await jira.isServiceDeskAgent(desk.id) } : undefined;
        });
  const statuses = await read(() => jira.projectStatuses(key));
  const moves = await Promise.all(
    movesOf(config).map(async (move) =>
      'value' in statuses
        ? moveFacts(jira, key, statuses.value, move).catch((error: unknown): MoveFacts => ({
            ...move,
            transitions: { error: errorMessage(error) },
          }))
        : { ...move, transitions: { error: "the project's statuses could not be read" } },
    ),
  );
  return { key, config, statuses, moves, permissions, serviceDesk };
}

/** Reads everything the checks need; a failed read is a fact too, never a throw. */
export async function gatherFacts(
  jira: DoctorJira,
  config: ProjectsFile,
  options: {
    baseUrl: string;
    siteUrl?: string;
    tenantCloudId?: (siteUrl: string) => Promise<string>;
    projects?: string[];
    now?: () => number;
  },
): Promise<SiteFacts> {
  const now = options.now ?? Date.now;
  const myself = await read(() => jira.myself());
  const serverTime = await read(() => jira.serverTime());
  const localTime = now();
  const webhooks = await read(() => jira.listAdminWebhooks());
  const keys = options.projects ?? Object.keys(config.projects);
  const desks = await read(() => jira.serviceDesks());
  const projects = [];
  for (const key of keys)
    projects.push(await projectFacts(jira, key, config.projects[key]!, desks));
  const { siteUrl, tenantCloudId } = options;
  const siteCloudId =
    siteUrl && tenantCloudId && gatewayCloudId(options.baseUrl) !== undefined
      ? await read(() => tenantCloudId(siteUrl))
      : undefined;
  return {
    baseUrl: options.baseUrl,
    ...(siteCloudId ? { siteCloudId } : {}),
    myself,
    serverTime,
    localTime,
    webhooks,
    projects,
  };
}
