import { createCloudClient, isApiError, isNotFoundError, type CloudClient } from 'jira.js';
import type { Client } from 'jira.js/core';
import {
  describeStatus,
  jiraInstantMs,
  statusMatches,
  type IssueComment,
  type IssueSnapshot,
  type JiraUser,
  type Status,
  type StatusChange,
  type StatusRef,
} from '../domain/index.ts';
import { textToAdf } from './adf.ts';

/** The fields every read asks for: enough for the rules, nothing more (search defaults to id only). */
export const ISSUE_FIELDS = [
  'summary',
  'status',
  'issuetype',
  'project',
  'reporter',
  'assignee',
  'created',
  'updated',
];

/** Jira's cap on the issue ids a search can be asked to reconcile (search/jql, reconcileIssues). */
const RECONCILE_LIMIT = 50;

/** Jira Service Management reads this comment property to make a comment internal. */
export const INTERNAL_COMMENT_PROPERTY = 'sd.public.comment';

export interface GatewayOptions {
  /** how long a user's group list is trusted (DESIGN 5) */
  groupCacheTtlMs?: number;
  /** page size of searches and comment reads */
  pageSize?: number;
  now?: () => number;
}

export class TransitionUnavailableError extends Error {
  readonly issueKey: string;

  constructor(
    issueKey: string,
    target: StatusRef,
    from: Status,
    available: string[],
    why?: string,
  ) {
    const detail = why
      ? why
      : available.length > 0
        ? `available: ${available.join(', ')}`
        : 'no transitions available';
    super(
      `${issueKey}: transition to ${describeStatus(target)} is not available from "${from.name}" (${detail})`,
    );
    this.name = 'TransitionUnavailableError';
    this.issueKey = issueKey;
  }
}

interface CachedTransition {
  id: string;
  name: string;
  to: Status;
}

/** An admin webhook as Jira's /rest/webhooks/1.0/webhook lists it (the secret is write-only). */
export interface AdminWebhook {
  /** the numeric id, the last segment of `self` */
  id: string;
  name: string;
  url: string;
  events: string[];
  filters: Record<string, string>;
  enabled?: boolean;
}

export interface AdminWebhookInput {
  name: string;
  url: string;
  events: string[];
  filters: Record<string, string>;
  excludeBody: boolean;
  secret?: string;
}

/**
 * The only module that talks to Jira. Operations speak the service's model (model.ts); retries,
 * throttling and call counting live in the transport under it.
 */
export class JiraGateway {
  readonly jira: CloudClient;
  private readonly transport: Client;
  private readonly pageSize: number;
  private readonly groupCacheTtlMs: number;
  private readonly now: () => number;
  private readonly transitions = new Map<string, CachedTransition[]>();
  /** look-ups in flight: issues swept side by side share one call instead of each making it */
  private readonly listing = new Map<string, Promise<CachedTransition[]>>();
  private readonly groupLookups = new Map<string, Promise<string[]>>();
  private readonly groups = new Map<string, { groups: string[]; expiresAt: number }>();
  private readonly projectStatuses = new Map<string, Status[]>();

  constructor(transport: Client, options: GatewayOptions = {}) {
    this.jira = createCloudClient(transport);
    this.transport = transport;
    this.pageSize = options.pageSize ?? 100;
    this.groupCacheTtlMs = options.groupCacheTtlMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  async myself(): Promise<JiraUser> {
    return toUser(await this.jira.myself.getCurrentUser()) ?? { accountId: '' };
  }

  /**
   * Pages through a JQL search (enhanced search, `nextPageToken`), yielding one page of issues at a
   * time. With `changelog`, every issue carries its complete status history.
   */
  async *searchIssues(
    jql: string,
    options: { changelog?: boolean; properties?: string[] } = {},
  ): AsyncGenerator<IssueSnapshot[]> {
    let nextPageToken: string | undefined;
    do {
      const page = await this.jira.issueSearch.searchAndReconsileIssuesUsingJql({
        jql,
        maxResults: this.pageSize,
        fields: ISSUE_FIELDS,
        ...(options.changelog ? { expand: 'changelog' } : {}),
        ...(options.properties?.length ? { properties: options.properties } : {}),
        ...(nextPageToken ? { nextPageToken } : {}),
      });
      const issues: IssueSnapshot[] = [];
      for (const raw of page.issues ?? []) {
        issues.push(await this.snapshot(raw, options.changelog ?? false));
      }
      yield issues;
      nextPageToken = page.nextPageToken ?? undefined;
    } while (nextPageToken);
  }

  /**
   * Reads a batch of issues again in one search, as Jira holds them now: the search index lags
   * behind writes by seconds, so the issues are named in `reconcileIssues`, which makes the result
   * consistent for them (Jira accepts at most 50 per request; larger batches take more requests).
   * Issues that no longer exist, or that the account can no longer see, are missing from the map.
   */
  async rereadIssues(
    issues: ReadonlyArray<Pick<IssueSnapshot, 'id' | 'key'>>,
    options: { changelog?: boolean; properties?: string[] } = {},
  ): Promise<Map<string, IssueSnapshot>> {
    const fresh = new Map<string, IssueSnapshot>();
    for (let i = 0; i < issues.length; i += RECONCILE_LIMIT) {
      const batch = issues.slice(i, i + RECONCILE_LIMIT);
      const page = await this.jira.issueSearch.searchAndReconsileIssuesUsingJqlPost({
        jql: `key in (${batch.map((issue) => issue.key).join(', ')})`,
        maxResults: batch.length,
        fields: ISSUE_FIELDS,
        reconcileIssues: batch.map((issue) => Number(issue.id)),
        ...(options.changelog ? { expand: 'changelog' } : {}),
        ...(options.properties?.length ? { properties: options.properties } : {}),
      });
      for (const raw of page.issues ?? []) {
        const issue = await this.snapshot(raw, options.changelog ?? false);
        fresh.set(issue.key, issue);
      }
    }
    return fresh;
  }

  async getIssue(key: string, options: { changelog?: boolean } = {}): Promise<IssueSnapshot> {
    const raw = await this.jira.issues.getIssue({
      issueIdOrKey: key,
      fields: ISSUE_FIELDS,
      ...(options.changelog ? { expand: 'changelog' } : {}),
    });
    return this.snapshot(raw, options.changelog ?? false);
  }

  /** Every status change of an issue, oldest first, from the paged changelog endpoint. */
  async statusHistory(key: string): Promise<StatusChange[]> {
    const changes: StatusChange[] = [];
    for (let startAt = 0; ;) {
      const page = await this.jira.issues.getChangeLogs({
        issueIdOrKey: key,
        startAt,
        maxResults: 100,
      });
      const values = page.values ?? [];
      changes.push(...values.flatMap(statusChangesOf));
      startAt += values.length;
      if (page.isLast || values.length === 0 || (page.total !== undefined && startAt >= page.total))
        break;
    }
    return changes;
  }

  /** Comments created at or after `sinceMs`, oldest first, with their properties. */
  async commentsSince(key: string, sinceMs: number): Promise<IssueComment[]> {
    const found: IssueComment[] = [];
    for (let startAt = 0; ;) {
      const page = await this.jira.issueComments.getComments({
        issueIdOrKey: key,
        startAt,
        maxResults: this.pageSize,
        orderBy: '-created',
        expand: 'properties',
      });
      const comments = (page.comments ?? []).map(toComment);
      for (const comment of comments) {
        if (comment.createdMs < sinceMs) return found.reverse();
        found.push(comment);
      }
      startAt += comments.length;
      if (comments.length === 0 || (page.total !== undefined && startAt >= page.total)) break;
    }
    return found.reverse();
  }

  /**
   * Moves an issue to a target status through whichever transition of its workflow leads there,
   * from the status the caller saw. Transitions are looked up once per project, issue type and
   * status. A refusal (400) means the issue moved or the workflow changed: the issue is read again,
   * and if it is now elsewhere the move is abandoned rather than made from the new status (a
   * "Cancelar" is not a "Fechar"); if it is already at the target, that is success.
   */
  async transitionTo(issue: IssueSnapshot, target: StatusRef): Promise<CachedTransition> {
    const cacheKey = `${issue.projectKey}|${issue.issueTypeId}|${issue.status.id}`;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const cached = this.transitions.get(cacheKey);
      const available =
        cached ??
        (await shareInFlight(this.listing, cacheKey, () => this.listTransitions(issue.key)));
      // Listed from the issue as it is now: cache it only under the status the caller saw if the
      // list came back for that status (checked on the first refusal below).
      this.transitions.set(cacheKey, available);
      const transition = available.find((t) => statusMatches(target, t.to));
      if (!transition) {
        this.transitions.delete(cacheKey);
        if (cached && attempt === 1) continue; // a stale list: look again before giving up
        throw new TransitionUnavailableError(
          issue.key,
          target,
          issue.status,
          available.map((t) => `"${t.name}"`),
        );
      }
      try {
        await this.jira.issues.doTransition({
          issueIdOrKey: issue.key,
          transition: { id: transition.id },
        });
        return transition;
      } catch (error) {
        if (!(isApiError(error) && error.status === 400)) throw error;
        this.transitions.delete(cacheKey);
        const now = await this.getIssue(issue.key);
        if (statusMatches(target, now.status)) return transition;
        if (now.status.id !== issue.status.id) {
          throw new TransitionUnavailableError(
            issue.key,
            target,
            now.status,
            [],
            'it moved meanwhile',
          );
        }
      }
    }
    throw new TransitionUnavailableError(issue.key, target, issue.status, []);
  }

  private async listTransitions(key: string): Promise<CachedTransition[]> {
    const listed = await this.jira.issues.getTransitions({ issueIdOrKey: key });
    return (listed.transitions ?? []).flatMap((t) =>
      t.id && t.to?.id && t.isAvailable !== false
        ? [{ id: t.id, name: t.name ?? t.id, to: { id: String(t.to.id), name: t.to.name ?? '' } }]
        : [],
    );
  }

  /** Adds a comment (plain text, sent as ADF). Internal notes are marked the way JSM reads them. */
  async addComment(
    key: string,
    text: string,
    options: { internal?: boolean; properties?: Record<string, unknown> } = {},
  ): Promise<IssueComment> {
    const properties = Object.entries(options.properties ?? {}).map(([k, value]) => ({
      key: k,
      value,
    }));
    if (options.internal)
      properties.push({ key: INTERNAL_COMMENT_PROPERTY, value: { internal: true } });
    const created = await this.jira.issueComments.addComment({
      issueIdOrKey: key,
      body: textToAdf(text),
      ...(properties.length > 0 ? { properties } : {}),
    });
    return toComment(created);
  }

  async assign(key: string, accountId: string): Promise<void> {
    await this.jira.issues.assignIssue({ issueIdOrKey: key, accountId });
  }

  async getIssueProperty<T = unknown>(key: string, propertyKey: string): Promise<T | undefined> {
    try {
      const property = await this.jira.issueProperties.getIssueProperty({
        issueIdOrKey: key,
        propertyKey,
      });
      return property.value as T;
    } catch (error) {
      if (isNotFoundError(error)) return undefined;
      throw error;
    }
  }

  /** Issue properties hold small JSON objects in Jira itself (up to 32 KB). */
  async setIssueProperty(
    key: string,
    propertyKey: string,
    value: Record<string, unknown>,
  ): Promise<void> {
    await this.jira.issueProperties.setIssueProperty({
      issueIdOrKey: key,
      propertyKey,
      body: value,
    });
  }

  async deleteIssueProperty(key: string, propertyKey: string): Promise<void> {
    try {
      await this.jira.issueProperties.deleteIssueProperty({ issueIdOrKey: key, propertyKey });
    } catch (error) {
      if (!isNotFoundError(error)) throw error;
    }
  }

  /**
   * The ids of the project's statuses that match a configured status (by id, or by name after
   * normalising dashes, case and spacing). JQL needs Jira's exact status, not the admin's spelling.
   */
  async statusIds(projectKey: string, ref: StatusRef): Promise<string[]> {
    if ('id' in ref) return [ref.id];
    let statuses = this.projectStatuses.get(projectKey);
    if (!statuses) {
      const byType = await this.jira.projects.getAllStatuses({ projectIdOrKey: projectKey });
      const unique = new Map<string, Status>();
      for (const type of byType) {
        for (const status of type.statuses ?? []) {
          if (status.id)
            unique.set(String(status.id), { id: String(status.id), name: status.name ?? '' });
        }
      }
      statuses = [...unique.values()];
      this.projectStatuses.set(projectKey, statuses);
    }
    return statuses.filter((status) => statusMatches(ref, status)).map((status) => status.id);
  }

  /** The names of the groups an account belongs to, cached for the TTL. */
  async userGroups(accountId: string): Promise<string[]> {
    const cached = this.groups.get(accountId);
    if (cached && cached.expiresAt > this.now()) return cached.groups;
    return shareInFlight(this.groupLookups, accountId, () => this.lookUpGroups(accountId));
  }

  private async lookUpGroups(accountId: string): Promise<string[]> {
    let groups: string[];
    try {
      const listed = await this.jira.users.getUserGroups({ accountId });
      groups = listed.flatMap((g) => (g.name ? [g.name] : []));
    } catch (error) {
      // Portal-only customers are not Jira users with groups.
      if (!isNotFoundError(error)) throw error;
      groups = [];
    }
    this.groups.set(accountId, { groups, expiresAt: this.now() + this.groupCacheTtlMs });
    return groups;
  }

  // Admin webhooks live outside REST v3 (jira.js has no endpoint for them): plain requests.

  async listAdminWebhooks(): Promise<AdminWebhook[]> {
    const listed = await this.transport.sendRequest<Array<Record<string, unknown>>>({
      url: '/rest/webhooks/1.0/webhook',
      method: 'GET',
    });
    return (listed ?? []).map(toAdminWebhook);
  }

  async createAdminWebhook(input: AdminWebhookInput): Promise<AdminWebhook> {
    const created = await this.transport.sendRequest<Record<string, unknown>>({
      url: '/rest/webhooks/1.0/webhook',
      method: 'POST',
      body: input,
    });
    return toAdminWebhook(created);
  }

  async deleteAdminWebhook(id: string): Promise<void> {
    await this.transport.sendRequest({
      url: `/rest/webhooks/1.0/webhook/${encodeURIComponent(id)}`,
      method: 'DELETE',
    });
  }

  private async snapshot(raw: RawIssue, withChangelog: boolean): Promise<IssueSnapshot> {
    const issue = toSnapshot(raw);
    if (!withChangelog) return issue;
    const histories = raw.changelog?.histories ?? [];
    const total = raw.changelog?.total ?? histories.length;
    // Jira's expanded changelog stops at 40 histories (search) or 100 (issue): read the rest.
    issue.statusChanges =
      total > histories.length
        ? await this.statusHistory(issue.key)
        : sortByTime(histories.flatMap(statusChangesOf));
    return issue;
  }
}

/** The look-up already in flight for `key`, or a new one: callers side by side share one call. */
function shareInFlight<T>(
  inFlight: Map<string, Promise<T>>,
  key: string,
  start: () => Promise<T>,
): Promise<T> {
  let pending = inFlight.get(key);
  if (!pending) {
    pending = start().finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

interface RawHistory {
  id?: string;
  created?: unknown;
  author?: RawUser;
  items?: Array<{
    field?: string;
    fieldId?: string;
    from?: string | null;
    to?: string | null;
    fromString?: string | null;
    toString?: string | null;
  }>;
}

interface RawUser {
  accountId?: string;
  displayName?: string;
  accountType?: string;
}

interface RawIssue {
  id?: string;
  key?: string;
  properties?: Record<string, unknown>;
  fields?: Record<string, unknown>;
  changelog?: { histories?: RawHistory[]; total?: number };
}

function toAdminWebhook(raw: Record<string, unknown>): AdminWebhook {
  const self = typeof raw.self === 'string' ? raw.self : '';
  return {
    id: String(raw.id ?? self.split('/').pop() ?? ''),
    name: String(raw.name ?? ''),
    url: String(raw.url ?? ''),
    events: Array.isArray(raw.events) ? raw.events.map(String) : [],
    filters: (raw.filters as Record<string, string> | undefined) ?? {},
    ...(typeof raw.enabled === 'boolean' ? { enabled: raw.enabled } : {}),
  };
}

function toUser(raw: RawUser | null | undefined): JiraUser | undefined {
  if (!raw?.accountId) return undefined;
  return {
    accountId: raw.accountId,
    ...(raw.displayName !== undefined ? { displayName: raw.displayName } : {}),
    ...(raw.accountType !== undefined ? { accountType: raw.accountType } : {}),
  };
}

function toSnapshot(raw: RawIssue): IssueSnapshot {
  const fields = raw.fields ?? {};
  const status = fields.status as { id?: string; name?: string } | undefined;
  const project = fields.project as { key?: string } | undefined;
  const issueType = fields.issuetype as { id?: string } | undefined;
  const snapshot: IssueSnapshot = {
    id: String(raw.id ?? ''),
    key: String(raw.key ?? ''),
    projectKey: project?.key ?? String(raw.key ?? '').replace(/-\d+$/, ''),
    issueTypeId: String(issueType?.id ?? ''),
    status: { id: String(status?.id ?? ''), name: status?.name ?? '' },
  };
  if (typeof fields.summary === 'string') snapshot.summary = fields.summary;
  if (raw.properties && Object.keys(raw.properties).length > 0)
    snapshot.properties = { ...raw.properties };
  const reporter = toUser(fields.reporter as RawUser | undefined);
  if (reporter) snapshot.reporter = reporter;
  const assignee = toUser(fields.assignee as RawUser | undefined);
  if (assignee) snapshot.assignee = assignee;
  const createdMs = jiraInstantMs(fields.created);
  if (createdMs !== undefined) snapshot.createdMs = createdMs;
  const updatedMs = jiraInstantMs(fields.updated);
  if (updatedMs !== undefined) snapshot.updatedMs = updatedMs;
  return snapshot;
}

function statusChangesOf(history: RawHistory): StatusChange[] {
  const atMs = jiraInstantMs(history.created);
  if (atMs === undefined) return [];
  const author = toUser(history.author);
  return (history.items ?? [])
    .filter((item) => item.fieldId === 'status' || item.field === 'status')
    .map((item) => ({
      historyId: String(history.id ?? ''),
      atMs,
      ...(author ? { author } : {}),
      from: { id: String(item.from ?? ''), name: item.fromString ?? '' },
      to: { id: String(item.to ?? ''), name: item.toString ?? '' },
    }));
}

function sortByTime(changes: StatusChange[]): StatusChange[] {
  return changes.sort((a, b) => a.atMs - b.atMs || Number(a.historyId) - Number(b.historyId));
}

interface RawComment {
  id?: string;
  author?: RawUser;
  created?: unknown;
  jsdPublic?: boolean;
  visibility?: unknown;
  properties?: Array<{ key?: string; value?: unknown }>;
}

function toComment(raw: RawComment): IssueComment {
  const properties: Record<string, unknown> = {};
  for (const property of raw.properties ?? []) {
    if (property.key) properties[property.key] = property.value;
  }
  const internalProperty = properties[INTERNAL_COMMENT_PROPERTY] as
    { internal?: unknown } | undefined;
  const author = toUser(raw.author);
  return {
    id: String(raw.id ?? ''),
    ...(author ? { author } : {}),
    createdMs: jiraInstantMs(raw.created) ?? 0,
    isPublic: raw.jsdPublic !== false && !raw.visibility && internalProperty?.internal !== true,
    properties,
  };
}
