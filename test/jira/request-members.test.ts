import { describe, expect, it } from '@jest/globals';
import { NotFoundError } from 'jira.js';
import { RequestMembersDirectory } from '../../src/jira/request-members.ts';

const ORG_FIELD = 'customfield_10002';

/** A JSM site in memory behind the directory's GETs, recording each call as `url?query`. */
function site(pages: Record<string, unknown>) {
  const calls: string[] = [];
  const get = async (url: string, params?: Record<string, string | number>) => {
    const query = params ? `?${new URLSearchParams(params as Record<string, string>)}` : '';
    calls.push(`${url}${query}`);
    const answer = pages[`${url}${query}`] ?? pages[url];
    if (answer === undefined) throw new NotFoundError(`GET ${url} failed: 404`, 'Not Found', {});
    return answer;
  };
  return { calls, get };
}

const FIELDS = [
  { id: 'summary', schema: { type: 'string', system: 'summary' } },
  { id: ORG_FIELD, schema: { custom: 'com.atlassian.servicedesk:sd-customer-organization' } },
];

describe('request members (JSM participants and organization users)', () => {
  it('pages participants and organization users, and the cache saves the calls for the TTL', async () => {
    let now = 0;
    const { calls, get } = site({
      '/rest/servicedeskapi/request/SUP-1/participant?start=0&limit=2': {
        values: [{ accountId: 'p1' }, { accountId: 'p2' }],
        isLastPage: false,
      },
      '/rest/servicedeskapi/request/SUP-1/participant?start=2&limit=2': {
        values: [{ accountId: 'p3' }],
        isLastPage: true,
      },
      '/rest/api/3/field': FIELDS,
      [`/rest/api/3/issue/SUP-1?fields=${ORG_FIELD}`]: { fields: { [ORG_FIELD]: [{ id: '7' }] } },
      [`/rest/api/3/issue/SUP-2?fields=${ORG_FIELD}`]: { fields: { [ORG_FIELD]: [{ id: '7' }] } },
      '/rest/servicedeskapi/request/SUP-2/participant?start=0&limit=2': {
        values: [],
        isLastPage: true,
      },
      '/rest/servicedeskapi/organization/7/user?start=0&limit=2': {
        values: [{ accountId: 'm1' }],
        isLastPage: true,
      },
    });
    const directory = new RequestMembersDirectory(get, {
      ttlMs: 1000,
      pageSize: 2,
      now: () => now,
    });

    expect(await directory.of('SUP-1')).toEqual({
      participantAccountIds: ['p1', 'p2', 'p3'],
      organizationMemberAccountIds: ['m1'],
    });
    await directory.of('SUP-1');
    // Another request of the same organization: its users come from the cache, the field id too.
    await directory.of('SUP-2');
    expect(calls).toEqual([
      '/rest/servicedeskapi/request/SUP-1/participant?start=0&limit=2',
      '/rest/api/3/field',
      '/rest/servicedeskapi/request/SUP-1/participant?start=2&limit=2',
      `/rest/api/3/issue/SUP-1?fields=${ORG_FIELD}`,
      '/rest/servicedeskapi/organization/7/user?start=0&limit=2',
      '/rest/servicedeskapi/request/SUP-2/participant?start=0&limit=2',
      `/rest/api/3/issue/SUP-2?fields=${ORG_FIELD}`,
    ]);

    now = 1001;
    calls.length = 0;
    await directory.of('SUP-2');
    expect(calls).toEqual([
      '/rest/servicedeskapi/request/SUP-2/participant?start=0&limit=2',
      `/rest/api/3/issue/SUP-2?fields=${ORG_FIELD}`,
      '/rest/servicedeskapi/organization/7/user?start=0&limit=2',
    ]);
  });

  it('a project that is not a service desk (404) and a site without Organizations have nobody', async () => {
    const { calls, get } = site({ '/rest/api/3/field': FIELDS.slice(0, 1) });
    const directory = new RequestMembersDirectory(get, { ttlMs: 1000, pageSize: 50, now: () => 0 });
    expect(await directory.of('OPS-1')).toEqual({
      participantAccountIds: [],
      organizationMemberAccountIds: [],
    });
    expect(calls).toEqual([
      '/rest/servicedeskapi/request/OPS-1/participant?start=0&limit=50',
      '/rest/api/3/field',
    ]);
  });

  it('callers side by side share one look-up', async () => {
    const { calls, get } = site({
      '/rest/servicedeskapi/request/SUP-1/participant?start=0&limit=50': {
        values: [{ accountId: 'p1' }],
        isLastPage: true,
      },
      '/rest/api/3/field': [],
    });
    const directory = new RequestMembersDirectory(get, { ttlMs: 1000, pageSize: 50, now: () => 0 });
    await Promise.all([directory.of('SUP-1'), directory.of('SUP-1')]);
    expect(calls).toHaveLength(2);
  });
});
