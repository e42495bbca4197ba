/**
 * Who belongs to a JSM request besides its reporter: its participants and the members of the
 * organizations it is shared with. The JSM REST API (/rest/servicedeskapi) is outside jira.js's
 * platform client, so these are plain requests on the transport (retried, paced and counted).
 */
import { isNotFoundError } from 'jira.js';
import type { RequestMembers } from '../rules/index.ts';
import { segment } from './path-segment.ts';
import { TtlCache } from './ttl-cache.ts';

/** The custom field type of JSM's "Organizations" field on an issue. */
export const ORGANIZATIONS_FIELD_TYPE = 'com.atlassian.servicedesk:sd-customer-organization';

export type SendGet = (url: string, params?: Record<string, string | number>) => Promise<unknown>;

export interface RequestMembersOptions {
  /** how long a request's participants and an organization's members are trusted */
  ttlMs: number;
  /** page size of the JSM reads (JSM's own default is 50) */
  pageSize: number;
  now: () => number;
}

interface JsmPage {
  values?: Array<{ accountId?: unknown }>;
  isLastPage?: boolean;
}

export class RequestMembersDirectory {
  private readonly get: SendGet;
  private readonly options: RequestMembersOptions;
  private readonly requests: TtlCache<RequestMembers>;
  private readonly organizations: TtlCache<string[]>;
  /** the Organizations field's id (null: the site has none); kept for the process's life */
  private organizationsField: Promise<string | null> | undefined;

  constructor(get: SendGet, options: RequestMembersOptions) {
    this.get = get;
    this.options = options;
    this.requests = new TtlCache(options.ttlMs, options.now);
    this.organizations = new TtlCache(options.ttlMs, options.now);
  }

  /** The request's participants and organization members, cached for the TTL. */
  of(issueKey: string): Promise<RequestMembers> {
    return this.requests.get(issueKey, async () => {
      const [participantAccountIds, organizationIds] = await Promise.all([
        this.participants(issueKey),
        this.organizationIdsOf(issueKey),
      ]);
      const members = new Set<string>();
      for (const id of organizationIds) {
        for (const accountId of await this.organizationMembers(id)) members.add(accountId);
      }
      return { participantAccountIds, organizationMemberAccountIds: [...members] };
    });
  }

  private participants(issueKey: string): Promise<string[]> {
    const key = segment(issueKey, 'an issue key');
    // Not a service desk request (a plain Jira project): nobody but the reporter.
    return this.pagedAccountIds(`/rest/servicedeskapi/request/${key}/participant`, true);
  }

  private organizationMembers(organizationId: string): Promise<string[]> {
    return this.organizations.get(organizationId, () => {
      const id = segment(organizationId, 'an organization id');
      return this.pagedAccountIds(`/rest/servicedeskapi/organization/${id}/user`);
    });
  }

  /**
   * The organizations the request is shared with, from the issue's Organizations field (JSM
   * Cloud's request API does not list them): the field's id is found once among the site's fields.
   */
  private async organizationIdsOf(issueKey: string): Promise<string[]> {
    this.organizationsField ??= this.findOrganizationsField().catch((error: unknown) => {
      this.organizationsField = undefined;
      throw error;
    });
    const field = await this.organizationsField;
    if (field === null) return [];
    const issue = (await this.get(`/rest/api/3/issue/${segment(issueKey, 'an issue key')}`, {
      fields: field,
    })) as { fields?: Record<string, unknown> };
    const value = issue.fields?.[field];
    if (!Array.isArray(value)) return [];
    return value.flatMap((org: { id?: unknown }) =>
      typeof org?.id === 'string' || typeof org?.id === 'number' ? [String(org.id)] : [],
    );
  }

  private async findOrganizationsField(): Promise<string | null> {
    const fields = (await this.get('/rest/api/3/field')) as Array<{
      id?: string;
      schema?: { custom?: string };
    }>;
    const found = (fields ?? []).find((f) => f.schema?.custom === ORGANIZATIONS_FIELD_TYPE);
    return found?.id ?? null;
  }

  private async pagedAccountIds(url: string, missingIsEmpty = false): Promise<string[]> {
    const ids: string[] = [];
    for (let start = 0; ;) {
      let page: JsmPage;
      try {
        page = (await this.get(url, { start, limit: this.options.pageSize })) as JsmPage;
      } catch (error) {
        if (missingIsEmpty && isNotFoundError(error)) return ids;
        throw error;
      }
      const values = page.values ?? [];
      for (const user of values) if (typeof user.accountId === 'string') ids.push(user.accountId);
      if (page.isLastPage !== false || values.length === 0) return ids;
      start += values.length;
    }
  }
}
