import { isNotFoundError } from 'jira.js';
import { statusMatches, type JiraUser, type Status, type StatusRef } from '../domain/index.ts';
import { projectStatusesOf, toUser, type RawIssueTypeStatuses, type RawUser } from './mapping.ts';
import { TtlCache } from './ttl-cache.ts';
import { segment } from './path-segment.ts';

/**
 * The jira.js endpoints the directory reads (`projects.getAllStatuses`, `users.getUserGroups`,
 * `users.getUser`).
 */
export interface DirectoryEndpoints {
  getAllStatuses(parameters: { projectIdOrKey: string }): Promise<RawIssueTypeStatuses[]>;
  getUserGroups(parameters: { accountId: string }): Promise<Array<{ name?: string }>>;
  getUser(parameters: { accountId: string }): Promise<RawUser>;
}

export interface DirectoryOptions {
  /** how long a user's group list is trusted */
  groupCacheTtlMs: number;
  now: () => number;
}

/**
 * What Jira knows about a site's projects and people that changes rarely: each project's statuses
 * (kept for the process's life) and each account's groups (kept for a TTL). Callers side by side
 * share the look-up in flight.
 */
export class JiraDirectory {
  private readonly endpoints: DirectoryEndpoints;
  private readonly projectStatuses = new Map<string, Status[]>();
  private readonly groups: TtlCache<string[]>;

  constructor(endpoints: DirectoryEndpoints, options: DirectoryOptions) {
    this.endpoints = endpoints;
    this.groups = new TtlCache(options.groupCacheTtlMs, options.now);
  }

  /**
   * The ids of the project's statuses that match a configured status (by id, or by name after
   * normalising dashes, case and spacing). JQL needs Jira's exact status, not the admin's spelling.
   */
  async statusIds(projectKey: string, ref: StatusRef): Promise<string[]> {
    if ('id' in ref) return [ref.id];
    let statuses = this.projectStatuses.get(projectKey);
    if (!statuses) {
      statuses = projectStatusesOf(
        await this.endpoints.getAllStatuses({
          projectIdOrKey: segment(projectKey, 'a project key'),
        }),
      );
      this.projectStatuses.set(projectKey, statuses);
    }
    return statuses.filter((status) => statusMatches(ref, status)).map((status) => status.id);
  }

  /** The names of the groups an account belongs to, cached for the TTL. */
  userGroups(accountId: string): Promise<string[]> {
    return this.groups.get(accountId, () => this.lookUpGroups(accountId));
  }

  /**
   * An account as Jira's user record has it, with its accountType (which comment webhooks leave
   * out for a private profile); undefined when Jira has no such account. Not cached: it is read
   * only for such webhooks.
   */
  async user(accountId: string): Promise<JiraUser | undefined> {
    try {
      return toUser(await this.endpoints.getUser({ accountId }));
    } catch (error) {
      if (isNotFoundError(error)) return undefined;
      throw error;
    }
  }

  private async lookUpGroups(accountId: string): Promise<string[]> {
    try {
      const listed = await this.endpoints.getUserGroups({ accountId });
      return listed.flatMap((g) => (g.name ? [g.name] : []));
    } catch (error) {
      // Portal-only customers are not Jira users with groups.
      if (!isNotFoundError(error)) throw error;
      return [];
    }
  }
}
