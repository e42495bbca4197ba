import { createCloudClient, type CloudClient } from 'jira.js';
import type { Client } from 'jira.js/core';
import {
  INTERNAL_COMMENT_PROPERTY,
  type IssueComment,
  type IssueSnapshot,
  type JiraUser,
  type StatusChange,
  type Status,
  type StatusRef,
} from '../domain/index.ts';
import { textToAdf } from './adf.ts';
import {
  createAdminWebhook,
  deleteAdminWebhook,
  listAdminWebhooks,
  type AdminWebhookInput,
} from './admin-webhooks.ts';
import type { RequestMembers } from '../rules/index.ts';
import { JiraDirectory } from './directory.ts';
import { RequestMembersDirectory } from './request-members.ts';
import { IssueReads } from './issue-reads.ts';
import { segment } from './path-segment.ts';
import { isServiceDeskAgent, myPermissions, serviceDesks, type ServiceDesk } from './site-reads.ts';
import {
  projectStatusesOf,
  toComment,
  toTransitions,
  toUser,
  type AdminWebhook,
  type RawIssueTypeStatuses,
  type RawTransition,
  type Transition,
} from './mapping.ts';
import { Transitions, type TransitionVia } from './transitions.ts';

export interface GatewayOptions {
  /** how long a user's group list is trusted (docs/architecture.md §1, who is the customer) */
  groupCacheTtlMs?: number;
  /** how long a request's participants and organization members are trusted (default 5 min) */
  requestMembersTtlMs?: number;
  /** page size of searches and comment reads */
  pageSize?: number;
  now?: () => number;
}

/**
 * The only module that talks to Jira. Operations speak the service's model (src/domain/); retries,
 * throttling and call counting live in the transport under it. Reads, moves, the directory and
 * admin webhooks each live in their own module; this class only composes them.
 */
export class JiraGateway {
  private readonly jira: CloudClient;
  private readonly transport: Client;
  private readonly reads: IssueReads;
  private readonly transitions: Transitions;
  private readonly directory: JiraDirectory;
  private readonly requestMembersDirectory: RequestMembersDirectory;

  constructor(transport: Client, options: GatewayOptions = {}) {
    this.jira = createCloudClient(transport);
    this.transport = transport;
    this.reads = new IssueReads(this.jira, options.pageSize ?? 100);
    this.transitions = new Transitions(this.jira.issues, (key) => this.reads.getIssue(key));
    this.directory = new JiraDirectory(
      {
        getAllStatuses: (parameters) => this.jira.projects.getAllStatuses(parameters),
        getUserGroups: (parameters) => this.jira.users.getUserGroups(parameters),
        getUser: (parameters) => this.jira.users.getUser(parameters),
      },
      { groupCacheTtlMs: options.groupCacheTtlMs ?? 10 * 60_000, now: options.now ?? Date.now },
    );
    this.requestMembersDirectory = new RequestMembersDirectory(
      (url, params) => transport.sendRequest({ url, method: 'GET', ...(params ? { params } : {}) }),
      {
        ttlMs: options.requestMembersTtlMs ?? 5 * 60_000,
        pageSize: 50,
        now: options.now ?? Date.now,
      },
    );
  }

  async myself(): Promise<JiraUser> {
    return toUser(await this.jira.myself.getCurrentUser()) ?? { accountId: '' };
  }

  /**
   * Pages through a JQL search, yielding one page of issues at a time. With `changelog`, every
   * issue carries its complete status history.
   */
  searchIssues(
    jql: string,
    options: { changelog?: boolean; properties?: string[] } = {},
  ): AsyncGenerator<IssueSnapshot[]> {
    return this.reads.search(jql, options);
  }

  /**
   * Reads a batch of issues again, consistently for them although the search index lags behind
   * writes. Issues that no longer exist, or that the account can no longer see, are missing.
   */
  rereadIssues(
    issues: ReadonlyArray<Pick<IssueSnapshot, 'id' | 'key'>>,
    options: { changelog?: boolean; properties?: string[] } = {},
  ): Promise<Map<string, IssueSnapshot>> {
    return this.reads.reread(issues, options);
  }

  getIssue(key: string, options: { changelog?: boolean } = {}): Promise<IssueSnapshot> {
    return this.reads.getIssue(key, options);
  }

  /** Every status change of an issue, oldest first. */
  statusHistory(key: string): Promise<StatusChange[]> {
    return this.reads.statusHistory(key);
  }

  /** Comments created at or after `sinceMs`, oldest first, with their properties. */
  commentsSince(key: string, sinceMs: number): Promise<IssueComment[]> {
    return this.reads.commentsSince(key, sinceMs);
  }

  /** One comment with its properties; a 404 (NotFoundError) when it was deleted. */
  getComment(key: string, commentId: string): Promise<IssueComment> {
    return this.reads.getComment(key, commentId);
  }

  /**
   * Moves an issue to a target status from the status the caller saw, through the transition `via`
   * names, sending its fields; abandons the move when the issue moved meanwhile
   * (TransitionUnavailableError); TransitionBlockedError when Jira refuses it. See transitions.ts.
   */
  transitionTo(issue: IssueSnapshot, target: StatusRef, via?: TransitionVia): Promise<Transition> {
    return this.transitions.moveTo(issue, target, via);
  }

  /**
   * The transition transitionTo would take, checked against its screen's required fields before
   * anything is written (reads only): TransitionBlockedError says what to configure.
   */
  planTransition(
    issue: IssueSnapshot,
    target: StatusRef,
    via?: TransitionVia,
  ): Promise<Transition> {
    return this.transitions.plan(issue, target, via);
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
      issueIdOrKey: segment(key, 'an issue key'),
      body: textToAdf(text),
      ...(properties.length > 0 ? { properties } : {}),
    });
    return toComment(created);
  }

  /** Deletes a comment; 404 (a NotFoundError) when it is not there, deleted by someone else. */
  async deleteComment(key: string, commentId: string): Promise<void> {
    await this.jira.issueComments.deleteComment({
      issueIdOrKey: segment(key, 'an issue key'),
      id: segment(commentId, 'a comment id'),
    });
  }

  async assign(key: string, accountId: string): Promise<void> {
    await this.jira.issues.assignIssue({ issueIdOrKey: segment(key, 'an issue key'), accountId });
  }

  /** Issue properties hold small JSON objects in Jira itself (up to 32 KB). */
  async setIssueProperty(
    key: string,
    propertyKey: string,
    value: Record<string, unknown>,
  ): Promise<void> {
    await this.jira.issueProperties.setIssueProperty({
      issueIdOrKey: segment(key, 'an issue key'),
      propertyKey: segment(propertyKey, 'a property key'),
      body: value,
    });
  }

  /** The ids of the project's statuses that match a configured status (JQL needs Jira's own). */
  statusIds(projectKey: string, ref: StatusRef): Promise<string[]> {
    return this.directory.statusIds(projectKey, ref);
  }

  /** The names of the groups an account belongs to, cached for the TTL. */
  userGroups(accountId: string): Promise<string[]> {
    return this.directory.userGroups(accountId);
  }

  /** A JSM request's participants and organization members, cached for the TTL. */
  requestMembers(issueKey: string): Promise<RequestMembers> {
    return this.requestMembersDirectory.of(issueKey);
  }

  /** An account's user record (GET /user), undefined when Jira has none; not cached. */
  getUser(accountId: string): Promise<JiraUser | undefined> {
    return this.directory.user(accountId);
  }

  /** Jira's clock (serverInfo.serverTime), in epoch milliseconds; NaN when it sent none. */
  async serverTime(): Promise<number> {
    const info = await this.jira.serverInfo.getServerInfo();
    return info.serverTime ? Date.parse(String(info.serverTime)) : Number.NaN;
  }

  /** The project's statuses (every issue type's, each once), uncached: for the doctor. */
  async projectStatuses(projectKey: string): Promise<Status[]> {
    return projectStatusesOf(
      (await this.jira.projects.getAllStatuses({
        projectIdOrKey: segment(projectKey, 'a project key'),
      })) as RawIssueTypeStatuses[],
    );
  }

  /** The transitions available on an issue now, with their screens' fields; uncached. */
  async listTransitions(key: string): Promise<Transition[]> {
    const listed = await this.jira.issues.getTransitions({
      issueIdOrKey: segment(key, 'an issue key'),
      expand: 'transitions.fields',
    });
    return toTransitions(listed.transitions as RawTransition[] | undefined);
  }

  /** Whether the bot holds each permission key in the project. */
  myPermissions(projectKey: string, keys: readonly string[]): Promise<Record<string, boolean>> {
    return myPermissions(this.transport, projectKey, keys);
  }

  serviceDesks(): Promise<ServiceDesk[]> {
    return serviceDesks(this.transport);
  }

  isServiceDeskAgent(serviceDeskId: string): Promise<boolean> {
    return isServiceDeskAgent(this.transport, serviceDeskId);
  }

  listAdminWebhooks(): Promise<AdminWebhook[]> {
    return listAdminWebhooks(this.transport);
  }

  createAdminWebhook(input: AdminWebhookInput): Promise<AdminWebhook> {
    return createAdminWebhook(this.transport, input);
  }

  deleteAdminWebhook(id: string): Promise<void> {
    return deleteAdminWebhook(this.transport, id);
  }
}
